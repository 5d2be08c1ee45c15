package dev.waymark.problem;

import io.netty.handler.codec.http.HttpResponseStatus;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.ToLongFunction;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where failures become responses: every failure of a router it is installed on is
 * answered with {@code application/problem+json}. Client mistakes get their 4xx with a precise
 * detail; anything unexpected becomes a 500 with a generic detail, and its stack trace goes to the
 * server log only, never to the client.
 */
public final class ProblemHandler {

  private static final Logger LOG = LoggerFactory.getLogger(ProblemHandler.class);

  /** Statuses the router itself may produce without a failure object (no route, bad path, ...). */
  private static final List<Integer> ROUTER_STATUSES = List.of(400, 401, 403, 404, 405, 413, 415, 500, 503);

  private final Function<RoutingContext, Collection<HttpMethod>> allowedMethods;
  private final ToLongFunction<RoutingContext> bodyLimit;

  /**
   * @param allowedMethods the methods routed for the request's path, for {@code Allow} on 405
   * @param bodyLimit the body size limit in bytes, quoted in 413 answers
   */
  public ProblemHandler(Function<RoutingContext, Collection<HttpMethod>> allowedMethods, long bodyLimit) {
    this(allowedMethods, ctx -> bodyLimit);
  }

  /** As above, with the body size limit of the request's endpoint, for those with a limit of their own. */
  public ProblemHandler(Function<RoutingContext, Collection<HttpMethod>> allowedMethods,
      ToLongFunction<RoutingContext> bodyLimit) {
    this.allowedMethods = allowedMethods;
    this.bodyLimit = bodyLimit;
  }

  /** The name of the catch-all failure route {@link #install} adds. */
  public static final String ROUTE_NAME = "failure:problems";

  /** Installs this handler for every failure and every no-match outcome of {@code router}. */
  public void install(Router router) {
    router.route().setName(ROUTE_NAME).failureHandler(ctx -> respond(ctx, ctx.statusCode(), ctx.failure()));
    // The router calls these directly (bypassing failure handlers) for unmatched requests and for
    // failures inside failure handling, sometimes without setting ctx.statusCode(); hence one per status.
    for (int status : ROUTER_STATUSES) {
      router.errorHandler(status, ctx -> respond(ctx, status, ctx.failure()));
    }
  }

  /** Sends the problem for a failure with the given status ({@code -1} when unknown). */
  public void respond(RoutingContext ctx, int status, Throwable failure) {
    try {
      send(ctx, toProblem(ctx, status, failure));
    } catch (RuntimeException e) {
      // A bug in error handling must still answer, or the client would wait forever.
      LOG.error("event=problem_handler_failed method={} path={}", ctx.request().method(), ctx.request().path(), e);
      if (!ctx.response().ended() && !ctx.response().headWritten()) {
        ctx.response().setStatusCode(500).putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
            .end(Problem.of(ProblemType.INTERNAL, "The server failed to handle this request; the error has been logged.")
                .toJson().encode());
      }
    }
  }

  private void send(RoutingContext ctx, ProblemException pe) {
    HttpServerResponse response = ctx.response();
    if (response.ended() || response.closed()) {
      return;
    }
    if (response.headWritten()) {
      // Too late for a problem body: cut the connection so the client sees a broken response.
      response.reset();
      return;
    }
    Problem problem = pe.problem().instance() == null ? pe.problem().at(ctx.request().path()) : pe.problem();
    response.setStatusCode(problem.status())
        .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
        .putHeader(HttpHeaders.CACHE_CONTROL, "no-store");
    response.headers().remove(HttpHeaders.LOCATION);
    pe.headers().forEach(response::putHeader);
    response.end(Buffer.buffer(problem.toJson().encode()));
  }

  private ProblemException toProblem(RoutingContext ctx, int status, Throwable failure) {
    if (failure instanceof ProblemException pe) {
      if (pe.problem().status() >= 500 && pe.getCause() != null) {
        LOG.warn("event=request_failed status={} method={} path={} detail=\"{}\"",
            pe.problem().status(), ctx.request().method(), ctx.request().path(), pe.problem().detail(),
            pe.getCause());
      }
      return pe;
    }
    if (failure instanceof HttpException he) {
      status = he.getStatusCode();
    }
    if (status >= 400 && status < 500) {
      // A 4xx raised by Vert.x itself (body limit, undecodable path, ...): a client mistake.
      return forClientStatus(ctx, status);
    }
    LOG.error("event=unhandled_failure status={} method={} path={}",
        status, ctx.request().method(), ctx.request().path(), failure);
    return new ProblemException(Problem.of(ProblemType.INTERNAL,
        "The server failed to handle this request; the error has been logged."));
  }

  private ProblemException forClientStatus(RoutingContext ctx, int status) {
    switch (status) {
      case 400:
        return new ProblemException(Problem.of(ProblemType.VALIDATION, "the request could not be parsed"));
      case 401:
        return new ProblemException(Problem.of(ProblemType.UNAUTHORIZED, "authentication is required"));
      case 404:
        return new ProblemException(Problem.of(ProblemType.NOT_FOUND,
            "nothing is routed at " + ctx.request().path()));
      case 405: {
        String allow = allowedMethods.apply(ctx).stream().map(HttpMethod::name).collect(Collectors.joining(", "));
        return new ProblemException(Problem.of(ProblemType.METHOD_NOT_ALLOWED,
            ctx.request().method().name() + " is not allowed on " + ctx.request().path() + "; allowed: " + allow),
            Map.of("Allow", allow), null);
      }
      case 413:
        return new ProblemException(Problem.of(ProblemType.PAYLOAD_TOO_LARGE,
            "the request body exceeds the limit of " + bodyLimit.applyAsLong(ctx) + " bytes"));
      case 415:
        return new ProblemException(Problem.of(ProblemType.UNSUPPORTED_MEDIA_TYPE,
            "the request body has a media type this endpoint does not accept"));
      default:
        // RFC 9457 §4.2.1: about:blank means "nothing more than the status code says".
        String phrase = HttpResponseStatus.valueOf(status).reasonPhrase();
        return new ProblemException(new Problem("about:blank", phrase, status, null, null, List.of()));
    }
  }
}
