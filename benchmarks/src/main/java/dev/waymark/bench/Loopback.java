package dev.waymark.bench;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** Guards the load tools: they only ever aim at this machine's loopback interface. */
public final class Loopback {

  private Loopback() {}

  /**
   * Returns the host when every address it resolves to is a loopback address.
   *
   * @throws IllegalArgumentException otherwise: a load generator pointed at someone else's server
   *     is an attack, not a benchmark
   */
  public static String require(String host) {
    InetAddress[] addresses;
    try {
      addresses = InetAddress.getAllByName(host);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("cannot resolve host " + host, e);
    }
    for (InetAddress address : addresses) {
      if (!address.isLoopbackAddress()) {
        throw new IllegalArgumentException(
            "refusing non-loopback host " + host + " (" + address.getHostAddress() + ")");
      }
    }
    return host;
  }
}
