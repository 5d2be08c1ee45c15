package dev.waymark.hit.clickhouse;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A TCP proxy for fault tests: passes bytes both ways, and when armed, cuts the next connection
 * either as soon as the server starts answering (the request went through and was applied, the
 * client never learns it) or after a number of request bytes (the request never completed).
 */
public final class CuttingProxy implements AutoCloseable {

  public enum Cut { NONE, AFTER_REQUEST, MID_REQUEST }

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
        Cut cut = next.getAndSet(Cut.NONE);
        pump(client, upstream, cut == Cut.MID_REQUEST ? midRequestBytes : Long.MAX_VALUE, "up");
        pump(upstream, client, cut == Cut.AFTER_REQUEST ? 0 : Long.MAX_VALUE, "down");
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  /** Copies from -> to; after {@code limit} bytes (0 = at the first byte) closes both sockets. */
  private void pump(Socket from, Socket to, long limit, String name) {
    Thread t = new Thread(() -> {
      byte[] buf = new byte[8192];
      long sent = 0;
      try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
        int n;
        while ((n = in.read(buf)) >= 0) {
          if (sent + n > limit) {
            out.write(buf, 0, (int) (limit - sent));
            out.flush();
            cuts++;
            break;
          }
          out.write(buf, 0, n);
          out.flush();
          sent += n;
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
