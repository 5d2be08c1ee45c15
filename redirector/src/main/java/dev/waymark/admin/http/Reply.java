package dev.waymark.admin.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.waymark.link.LinkJson;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;

/**
 * A JSON answer of the admin API, fully rendered before anything is written, so writing it cannot
 * fail halfway; {@code etag} (quoted, or {@code null}) is the version of the object it shows, and
 * {@code retryAfter} (seconds, or {@code null}) when the client should ask again.
 */
public record Reply(int status, String location, Buffer body, String etag, String retryAfter) {

  public Reply(int status, String location, Buffer body) {
    this(status, location, body, null, null);
  }

  public Reply(int status, String location, Buffer body, String etag) {
    this(status, location, body, etag, null);
  }

  /** Sends the reply, or hands a failure to the problem handler; never cached by clients. */
  public static void send(RoutingContext ctx, Future<Reply> reply) {
    reply.onComplete(ar -> {
      if (ar.failed()) {
        ctx.fail(ar.cause());
        return;
      }
      Reply r = ar.result();
      ctx.response().setStatusCode(r.status()).putHeader(HttpHeaders.CACHE_CONTROL, "no-store");
      if (r.etag() != null) {
        ctx.response().putHeader(HttpHeaders.ETAG, r.etag());
      }
      if (r.retryAfter() != null) {
        ctx.response().putHeader("Retry-After", r.retryAfter());
      }
      if (r.location() != null) {
        ctx.response().putHeader(HttpHeaders.LOCATION, r.location());
      }
      if (r.body() == null) {
        ctx.response().end();
      } else {
        ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "application/json").end(r.body());
      }
    });
  }

  public static Buffer json(Object value) {
    try {
      return Buffer.buffer(LinkJson.MAPPER.writeValueAsBytes(value));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot render " + value.getClass().getSimpleName(), e);
    }
  }
}
