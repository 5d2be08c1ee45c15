package dev.waymark;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.net.impl.ConnectionBase;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Holds one port to its connection cap: a connection past the cap is closed as soon as it is
 * accepted and counted in {@code waymark_connections_refused_total{port}}; every admitted one gets
 * a {@link ConnectionGuard} (slow-header deadline, half-close). Shared by all listeners of the port,
 * so the cap holds for the port, not per event loop.
 */
final class PortGuard {

  /** The name of the guard in each connection's Netty pipeline; before Vert.x's own handler. */
  static final String HANDLER_NAME = "waymarkGuard";
  private static final String VERTX_HANDLER = "handler";

  private final int max;
  private final long headerTimeoutNanos;
  private final AtomicInteger open = new AtomicInteger();
  private final Counter refused;
  private final Counter headerTimeouts;

  PortGuard(String port, int max, Duration headerTimeout, MeterRegistry registry) {
    this.max = max;
    this.headerTimeoutNanos = headerTimeout.toNanos();
    this.refused = Counter.builder("waymark.connections.refused").tag("port", port)
        .description("Connections closed on accept because the port was at its cap").register(registry);
    this.headerTimeouts = Counter.builder("waymark.connections.header.timeouts").tag("port", port)
        .description("Connections closed for not sending a complete request head in time").register(registry);
    Gauge.builder("waymark.connections.open", open, AtomicInteger::get).tag("port", port)
        .description("Open connections").register(registry);
    Gauge.builder("waymark.connections.max", () -> max).tag("port", port)
        .description("Most open connections the port holds").register(registry);
  }

  /** Runs on the connection's event loop as soon as Vert.x has set the connection up, before any request. */
  void admit(HttpConnection connection) {
    if (open.incrementAndGet() > max) {
      open.decrementAndGet();
      refused.increment();
      connection.close();
      return;
    }
    connection.closeHandler(v -> open.decrementAndGet());
    // Vert.x offers no option for half-closure or a head deadline; both need the Netty channel.
    if (connection instanceof ConnectionBase base && base.channel().pipeline().get(VERTX_HANDLER) != null) {
      Channel channel = base.channel();
      channel.config().setOption(ChannelOption.ALLOW_HALF_CLOSURE, true);
      channel.pipeline().addBefore(VERTX_HANDLER, HANDLER_NAME,
          new ConnectionGuard(headerTimeoutNanos, headerTimeouts::increment));
    }
  }

  int open() {
    return open.get();
  }
}
