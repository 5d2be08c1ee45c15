package dev.waymark.bench;

import io.vertx.core.Future;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientConnection;
import io.vertx.core.http.HttpConnectOptions;

/**
 * One keep-alive connection of the generator, with at most one request in flight; it knows when
 * the server has closed it (say after {@code keepalive_requests}), so no request is sent into a
 * dead socket and counted as a server error.
 */
final class Lane {

  private final HttpClientAgent client;
  private final HttpConnectOptions options;
  private HttpClientConnection connection;
  private boolean closed = true;

  private Lane(HttpClientAgent client, HttpConnectOptions options) {
    this.client = client;
    this.options = options;
  }

  static Future<Lane> open(HttpClientAgent client, HttpConnectOptions options) {
    return new Lane(client, options).reconnect();
  }

  HttpClientConnection connection() {
    return connection;
  }

  boolean isClosed() {
    return closed;
  }

  /** Drops the current connection, if any, and opens a fresh one. */
  Future<Lane> reconnect() {
    if (connection != null && !closed) {
      connection.close();
    }
    return client.connect(options).map(c -> {
      connection = c;
      closed = false;
      c.closeHandler(v -> {
        if (connection == c) {
          closed = true;
        }
      });
      return this;
    });
  }
}
