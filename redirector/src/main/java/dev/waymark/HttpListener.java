package dev.waymark;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A verticle owning one HTTP server on its event loop. Undeploying it shuts the server down
 * gracefully: no new connections, in-flight requests finish within the grace period. Every
 * connection passes its port's {@link PortGuard} first.
 */
final class HttpListener extends VerticleBase {

  private final HttpServerOptions options;
  private final Handler<HttpServerRequest> handler;
  private final Duration grace;
  private final AtomicInteger boundPort;
  private final PortGuard guard;
  private HttpServer server;

  HttpListener(HttpServerOptions options, Handler<HttpServerRequest> handler,
      Duration grace, AtomicInteger boundPort, PortGuard guard) {
    this.options = options;
    this.guard = guard;
    this.handler = handler;
    this.grace = grace;
    this.boundPort = boundPort;
  }

  @Override
  public Future<?> start() {
    server = vertx.createHttpServer(options).connectionHandler(guard::admit).requestHandler(handler);
    return server.listen().onSuccess(s -> boundPort.set(s.actualPort()));
  }

  @Override
  public Future<?> stop() {
    return server.shutdown(grace);
  }
}
