package dev.waymark.hit.clickhouse;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A TCP proxy for timeout tests that, when armed, stalls the next INSERT request it sees past the
 * client's patience and then lets it through anyway, as a slow network or a paused peer would:
 * either it holds the tail of the request body (the server is mid-insert when the client gives
 * up) or it holds the server's answer (the server committed; the client never hears it). The
 * upstream side stays open after the client left, so the server finishes what it got.
 */
final class StallingProxy implements AutoCloseable {

  enum Stall { REQUEST_TAIL, RESPONSE }

  private record Armed(Stall stall, long forwardBytes, Duration hold) {}

  private static final byte[] INSERT = "query=INSERT".getBytes(StandardCharsets.US_ASCII);

  private final ServerSocket server;
  private final int upstreamPort;
  private final AtomicReference<Armed> next = new AtomicReference<>();
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  private volatile CountDownLatch answered = new CountDownLatch(0);

  StallingProxy(int upstreamPort) throws IOException {
    this.upstreamPort = upstreamPort;
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread acceptor = new Thread(this::acceptLoop, "stalling-proxy");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  int port() {
    return server.getLocalPort();
  }

  /**
   * Stalls the next INSERT: {@link Stall#REQUEST_TAIL} forwards its first {@code forwardBytes}
   * bytes at once and the rest after {@code hold}; {@link Stall#RESPONSE} forwards the request and
   * holds the answer for {@code hold}.
   */
  void stallNextInsert(Stall stall, long forwardBytes, Duration hold) {
    answered = new CountDownLatch(1);
    next.set(new Armed(stall, forwardBytes, hold));
  }

  /** Waits until the server has answered the stalled request, wherever the client is by then. */
  boolean awaitServerAnswered(Duration timeout) throws InterruptedException {
    return answered.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        Socket upstream = new Socket(InetAddress.getLoopbackAddress(), upstreamPort);
        sockets.add(client);
        sockets.add(upstream);
        Connection c = new Connection(client, upstream);
        start(c::up, "stalling-proxy-up");
        start(c::down, "stalling-proxy-down");
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  private static void start(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    t.start();
  }

  /** One client connection and its upstream twin; the stall, once claimed, belongs to it. */
  private final class Connection {
    private final Socket client;
    private final Socket upstream;
    private volatile Armed stall;
    private volatile long releaseAtNanos;

    Connection(Socket client, Socket upstream) {
      this.client = client;
      this.upstream = upstream;
    }

    void up() {
      byte[] buf = new byte[8192];
      ByteArrayOutputStream held = new ByteArrayOutputStream();
      long forwardLeft = Long.MAX_VALUE;
      try {
        InputStream in = client.getInputStream();
        OutputStream out = upstream.getOutputStream();
        int n;
        while (true) {
          try {
            n = in.read(buf);
          } catch (IOException e) {
            n = -1; // the client gave up (reset): what it sent is all there is
          }
          if (n < 0) {
            break;
          }
          if (stall == null && contains(buf, n, INSERT)) {
            Armed armed = next.getAndSet(null);
            if (armed != null) {
              stall = armed;
              releaseAtNanos = System.nanoTime() + armed.hold().toNanos();
              forwardLeft = armed.stall() == Stall.REQUEST_TAIL ? armed.forwardBytes() : Long.MAX_VALUE;
            }
          }
          int now = (int) Math.min(n, forwardLeft);
          out.write(buf, 0, now);
          out.flush();
          forwardLeft -= now;
          if (now < n) {
            held.write(buf, now, n - now);
          }
          if (held.size() > 0 && System.nanoTime() - releaseAtNanos >= 0) {
            break;
          }
        }
        if (held.size() > 0) {
          sleepUntil(releaseAtNanos);
          out.write(held.toByteArray());
          out.flush();
        }
        if (stall == null) {
          closeBoth(); // an ordinary exchange: the client's close is the end of it
        }
        // A stalled exchange stays open upstream until the server answers and closes it.
      } catch (IOException e) {
        closeBoth();
      }
    }

    void down() {
      byte[] buf = new byte[8192];
      ByteArrayOutputStream held = new ByteArrayOutputStream();
      try {
        InputStream in = upstream.getInputStream();
        OutputStream out = client.getOutputStream();
        int n;
        while ((n = in.read(buf)) >= 0) {
          Armed armed = stall;
          if (armed != null) {
            answered.countDown();
            if (armed.stall() == Stall.RESPONSE && System.nanoTime() - releaseAtNanos < 0) {
              held.write(buf, 0, n);
              sleepUntil(releaseAtNanos);
              n = 0;
            }
          }
          try {
            if (held.size() > 0) {
              out.write(held.toByteArray());
              held.reset();
            }
            out.write(buf, 0, n);
            out.flush();
          } catch (IOException clientGone) {
            // keep reading: the server must be able to finish its answer
          }
        }
      } catch (IOException e) {
        // upstream closed
      } finally {
        closeBoth();
      }
    }

    private void closeBoth() {
      closeQuietly(client);
      closeQuietly(upstream);
    }
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

  private static void sleepUntil(long nanos) {
    long left;
    while ((left = nanos - System.nanoTime()) > 0) {
      try {
        TimeUnit.NANOSECONDS.sleep(left);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException ignored) {
      // already closed
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
    for (Socket s : sockets) {
      closeQuietly(s);
    }
  }
}
