package dev.waymark.hit.clickhouse;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A TCP proxy for fault tests: passes bytes both ways, and when armed, cuts the next INSERT
 * either as soon as the server starts answering (the request went through and was applied, the
 * client never learns it) or after a number of request bytes (the request never completed).
 */
public final class CuttingProxy implements AutoCloseable {

  public enum Cut { NONE, AFTER_REQUEST, MID_REQUEST }

  private static final byte[] INSERT = "query=INSERT".getBytes(StandardCharsets.US_ASCII);

  private final ServerSocket server;
  private final int upstreamPort;
  private final AtomicReference<Cut> next = new AtomicReference<>(Cut.NONE);
  private volatile int midRequestBytes = 200;
  private volatile int cuts;
  private volatile boolean down;

  public CuttingProxy(int upstreamPort) throws IOException {
    this.upstreamPort = upstreamPort;
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread acceptor = new Thread(this::acceptLoop, "cutting-proxy");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  public int port() {
    return server.getLocalPort();
  }

  public void cutNext(Cut cut) {
    next.set(cut);
  }

  void cutNextMidRequest(int afterBytes) {
    midRequestBytes = afterBytes;
    next.set(Cut.MID_REQUEST);
  }

  /** While down, every connection is reset as soon as it is accepted, like a dead server. */
  public void setDown(boolean down) {
    this.down = down;
  }

  int cuts() {
    return cuts;
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        if (down) {
          closeQuietly(client);
          continue;
        }
        Socket upstream = new Socket(InetAddress.getLoopbackAddress(), upstreamPort);
        AtomicReference<Cut> claimed = new AtomicReference<>(Cut.NONE);
        pump(client, upstream, claimed, true, "up");
        pump(upstream, client, claimed, false, "down");
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  /**
   * Copies from -> to. The armed cut is claimed by the first INSERT request seen (a pooled
   * connection may carry other statements first): mid-request it closes both sockets that many
   * bytes later, after-request at the first byte of the answer.
   */
  private void pump(Socket from, Socket to, AtomicReference<Cut> claimed, boolean up, String name) {
    Thread t = new Thread(() -> {
      byte[] buf = new byte[8192];
      long limit = Long.MAX_VALUE;
      try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
        int n;
        while ((n = in.read(buf)) >= 0) {
          if (up && claimed.get() == Cut.NONE && contains(buf, n, INSERT)) {
            Cut cut = next.getAndSet(Cut.NONE);
            claimed.set(cut);
            if (cut == Cut.MID_REQUEST) {
              limit = midRequestBytes;
            }
          }
          if (!up && claimed.get() == Cut.AFTER_REQUEST) {
            limit = 0;
          }
          if (n > limit) {
            out.write(buf, 0, (int) limit);
            out.flush();
            cuts++;
            break;
          }
          out.write(buf, 0, n);
          out.flush();
          limit -= limit == Long.MAX_VALUE ? 0 : n;
        }
      } catch (IOException ignored) {
        // the other direction closed the sockets
      } finally {
        closeQuietly(from);
        closeQuietly(to);
      }
    }, "cutting-proxy-" + name);
    t.setDaemon(true);
    t.start();
  }

  private static boolean contains(byte[] buf, int n, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= n; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (buf[i + j] != needle[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }

  private static void closeQuietly(Socket s) {
    try {
      s.setSoLinger(true, 0); // RST, like a dropped connection, not a polite FIN
      s.close();
    } catch (IOException ignored) {
      // already closed
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
  }
}
