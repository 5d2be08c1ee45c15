package dev.waymark.proxy;

import io.netty.util.NetUtil;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The peers whose word on the client's address is believed: networks in CIDR form. A request's
 * client is its peer, unless the peer is trusted; then it is the right-most address of the
 * forwarding chain that is not itself trusted (the first hop no proxy of ours vouches for), as
 * nginx's {@code real_ip_recursive} takes it. Anything a client sent further left is ignored, so
 * it cannot pose as someone else. An element that is not an address ({@code unknown}, an
 * obfuscated {@code _id}, garbage) ends the walk at the proxy that passed it on: a malformed
 * header never fails a request, it only hides the client behind that proxy.
 *
 * <p>Addresses are compared as bytes, IPv4-mapped IPv6 as IPv4; resolved clients are written in
 * one canonical text form (RFC 5952 for IPv6), so the same client gives the same visitor id
 * whichever way it arrived. Immutable; safe to share between event loops.
 */
public final class TrustedProxies {

  /** Trusts nobody: the peer is always the client. */
  public static final TrustedProxies NONE = new TrustedProxies(List.of());

  private final List<Network> networks;

  private TrustedProxies(List<Network> networks) {
    this.networks = List.copyOf(networks);
  }

  /**
   * Parses a comma-separated list of networks ({@code 10.0.0.0/8}, {@code 2001:db8::/32}) and single
   * addresses ({@code 127.0.0.1}); blank is {@link #NONE}.
   *
   * @throws IllegalArgumentException naming the first entry that is not a network, or whose host
   *     bits are set ({@code 10.1.2.3/8}: a typo more often than a wish)
   */
  public static TrustedProxies parse(String list) {
    if (list == null || list.isBlank()) {
      return NONE;
    }
    List<Network> networks = new ArrayList<>();
    for (String raw : list.split(",", -1)) {
      String entry = raw.trim();
      if (entry.isEmpty()) {
        throw new IllegalArgumentException("has an empty entry between commas");
      }
      int slash = entry.indexOf('/');
      byte[] address = address(slash < 0 ? entry : entry.substring(0, slash));
      if (address == null) {
        throw new IllegalArgumentException("'" + entry + "' is not an IP address or network (CIDR)");
      }
      int bits = address.length * 8;
      int prefix = bits;
      if (slash >= 0) {
        String length = entry.substring(slash + 1);
        if (!length.matches("\\d{1,3}") || Integer.parseInt(length) > bits) {
          throw new IllegalArgumentException("'" + entry + "' has a prefix length that is not 0 to " + bits);
        }
        prefix = Integer.parseInt(length);
      }
      Network network = new Network(address, prefix);
      if (!network.hostBitsClear()) {
        throw new IllegalArgumentException("'" + entry + "' has host bits set; the network is "
            + NetUtil.bytesToIpAddress(network.masked()) + "/" + prefix);
      }
      networks.add(network);
    }
    return new TrustedProxies(networks);
  }

  public boolean isEmpty() {
    return networks.isEmpty();
  }

  /** True when {@code peer} (an address in text) is in a trusted network; false for anything else. */
  public boolean trusts(String peer) {
    return !networks.isEmpty() && trusts(address(peer));
  }

  private boolean trusts(byte[] address) {
    if (address == null) {
      return false;
    }
    for (Network n : networks) {
      if (n.contains(address)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The client of a request from {@code peer} (text) whose forwarding header, as {@code format}
   * writes it, is {@code chain} ({@code null} or empty when absent; several header lines joined
   * with commas, in order). {@code peer} itself, as given, when it is not trusted.
   */
  public String client(String peer, String chain, ForwardedHeader format) {
    byte[] current = address(peer);
    if (current == null || !trusts(current)) {
      return peer;
    }
    if (chain != null) {
      int end = chain.length();
      while (end > 0 && trusts(current)) {
        int comma = chain.lastIndexOf(',', end - 1);
        byte[] hop = address(format.addressIn(chain, comma + 1, end));
        if (hop == null) {
          break;
        }
        current = hop;
        end = comma < 0 ? 0 : comma;
      }
    }
    return NetUtil.bytesToIpAddress(current);
  }

  /**
   * The bytes of an address in text, IPv4 (4 bytes) or IPv6 (16; IPv4-mapped ones as 4), with an
   * optional port and IPv6 brackets; {@code null} when it is not one. Never a DNS lookup.
   */
  static byte[] address(String text) {
    if (text == null) {
      return null;
    }
    String s = text.trim();
    if (s.startsWith("[")) {
      int close = s.indexOf(']');
      if (close < 0 || (close + 1 < s.length() && !isPort(s, close + 1))) {
        return null;
      }
      s = s.substring(1, close);
    } else if (s.indexOf(':') == s.lastIndexOf(':') && s.indexOf(':') > 0) {
      int colon = s.indexOf(':'); // IPv4 with a port, as some proxies write it
      if (!isPort(s, colon)) {
        return null;
      }
      s = s.substring(0, colon);
    }
    int zone = s.indexOf('%');
    if (zone >= 0) {
      s = s.substring(0, zone);
    }
    byte[] bytes = NetUtil.createByteArrayFromIpAddressString(s.toLowerCase(Locale.ROOT));
    if (bytes != null && bytes.length == 16 && isIpv4Mapped(bytes)) {
      byte[] v4 = new byte[4];
      System.arraycopy(bytes, 12, v4, 0, 4);
      return v4;
    }
    return bytes;
  }

  private static boolean isPort(String s, int colon) {
    if (colon >= s.length() || s.charAt(colon) != ':' || colon + 1 == s.length() || s.length() - colon > 6) {
      return false;
    }
    for (int i = colon + 1; i < s.length(); i++) {
      if (s.charAt(i) < '0' || s.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }

  private static boolean isIpv4Mapped(byte[] b) {
    for (int i = 0; i < 10; i++) {
      if (b[i] != 0) {
        return false;
      }
    }
    return b[10] == (byte) 0xff && b[11] == (byte) 0xff;
  }

  @Override
  public String toString() {
    List<String> shown = new ArrayList<>();
    networks.forEach(n -> shown.add(NetUtil.bytesToIpAddress(n.network()) + "/" + n.prefix()));
    return String.join(",", shown);
  }

  /** A network; an address is in it when its first {@code prefix} bits equal the network's. */
  private record Network(byte[] network, int prefix) {

    boolean contains(byte[] address) {
      if (address.length != network.length) {
        return false;
      }
      int whole = prefix / 8;
      for (int i = 0; i < whole; i++) {
        if (address[i] != network[i]) {
          return false;
        }
      }
      int rest = prefix % 8;
      if (rest == 0) {
        return true;
      }
      int mask = (0xff << (8 - rest)) & 0xff;
      return (address[whole] & mask) == (network[whole] & mask);
    }

    byte[] masked() {
      byte[] m = network.clone();
      for (int bit = prefix; bit < m.length * 8; bit++) {
        m[bit / 8] &= (byte) ~(0x80 >> (bit % 8));
      }
      return m;
    }

    boolean hostBitsClear() {
      return java.util.Arrays.equals(masked(), network);
    }
  }
}
