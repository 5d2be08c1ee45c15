package dev.waymark.admin;

import dev.waymark.problem.Problem;
import dev.waymark.problem.ProblemException;
import dev.waymark.problem.ProblemType;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;

/**
 * Lets a request through only with {@code Authorization: Bearer <the admin key>}. Every rejection
 * (no header, another scheme, a malformed or a wrong key) takes the same path and gets the same
 * 401, so the answer tells an attacker nothing about why. Failures are limited per client address
 * by an {@link AuthThrottle}: past its budget every request from that address gets 429.
 */
final class BearerAuthHandler implements Handler<RoutingContext> {

  static final String CHALLENGE = "Bearer realm=\"waymark\"";
  private static final String SCHEME = "bearer ";

  private final ApiKey key;
  private final AuthThrottle throttle;

  BearerAuthHandler(ApiKey key, AuthThrottle throttle) {
    this.key = key;
    this.throttle = throttle;
  }

  @Override
  public void handle(RoutingContext ctx) {
    SocketAddress remote = ctx.request().remoteAddress();
    String address = remote == null || remote.hostAddress() == null ? "" : remote.hostAddress();
    long waitMillis = throttle.waitMillis(address);
    if (waitMillis > 0) {
      ctx.fail(ProblemException.tooManyRequests(
          "too many failed authentications from this address; try again later", (waitMillis + 999) / 1000));
      return;
    }
    if (key.accepts(presentedKey(ctx.request().getHeader(HttpHeaders.AUTHORIZATION)))) {
      ctx.next();
      return;
    }
    throttle.failed(address);
    ctx.fail(new ProblemException(
        Problem.of(ProblemType.UNAUTHORIZED,
            "a valid admin API key is required as 'Authorization: Bearer <key>'"),
        Map.of("WWW-Authenticate", CHALLENGE), null));
  }

  /** The token of a Bearer header, or {@code ""} (which no key hashes to) for anything else. */
  private static String presentedKey(String header) {
    if (header == null || header.length() <= SCHEME.length()
        || !header.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
      return "";
    }
    return header.substring(SCHEME.length()).strip();
  }
}
