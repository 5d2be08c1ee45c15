package dev.waymark.admin;

import dev.waymark.key.AuthenticatedKey;
import dev.waymark.key.KeyAuthenticator;
import dev.waymark.problem.Problem;
import dev.waymark.problem.ProblemException;
import dev.waymark.problem.ProblemType;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;

/**
 * Lets a request through only with {@code Authorization: Bearer <key>}, the key being the bootstrap
 * key or a valid named key, and puts that key on the context as an {@link AuthenticatedKey}. Every
 * rejection (no header, another scheme, a malformed, wrong, revoked or expired key) takes the same
 * path and gets the same 401, so the answer tells an attacker nothing about why. Failures are
 * limited per client address by an {@link AuthThrottle}: past its budget every request from that
 * address gets 429. Scopes are checked later, per endpoint.
 */
final class BearerAuthHandler implements Handler<RoutingContext> {

  static final String CHALLENGE = "Bearer realm=\"waymark\"";
  private static final String SCHEME = "bearer ";

  private final ApiKey bootstrap;
  private final KeyAuthenticator keys;
  private final AuthThrottle throttle;

  BearerAuthHandler(ApiKey bootstrap, KeyAuthenticator keys, AuthThrottle throttle) {
    this.bootstrap = bootstrap;
    this.keys = keys;
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
    String presented = presentedKey(ctx.request().getHeader(HttpHeaders.AUTHORIZATION));
    if (bootstrap.accepts(presented)) {
      ctx.put(AuthenticatedKey.CONTEXT_KEY, AuthenticatedKey.BOOTSTRAP);
      ctx.next();
      return;
    }
    // The lookup may wait for the store: hold the body back meanwhile, or it could all arrive
    // (and be lost) before the endpoint's body handler is there to read it.
    boolean pause = !ctx.request().isEnded();
    if (pause) {
      ctx.request().pause();
    }
    Future<AuthenticatedKey> found;
    try {
      found = keys.authenticate(presented);
    } catch (RuntimeException e) {
      found = Future.failedFuture(e);
    }
    found.onComplete(ar -> {
      if (pause && !ctx.request().isEnded()) {
        ctx.request().resume();
      }
      if (ar.failed()) {
        ctx.fail(ProblemException.unavailable("key store unavailable", ar.cause()));
      } else if (ar.result() == null) {
        refuse(ctx, address);
      } else {
        ctx.put(AuthenticatedKey.CONTEXT_KEY, ar.result());
        ctx.next();
      }
    });
  }

  private void refuse(RoutingContext ctx, String address) {
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
