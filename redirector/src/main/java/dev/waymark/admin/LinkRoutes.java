package dev.waymark.admin;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.waymark.link.Codes;
import dev.waymark.link.Link;
import dev.waymark.link.LinkQuery;
import dev.waymark.link.LinkStore;
import dev.waymark.problem.ProblemException;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * The handlers of {@code /api/v1/links}: they validate first, then talk to the store without
 * blocking, and answer on the request's own event loop whatever thread the store completes on.
 * A failing store always means 503, never 500.
 */
final class LinkRoutes {

  static final String BASE_PATH = "/api/v1/links";
  /** Generated codes collide about once in 3.5 trillion; five misses in a row means something is wrong. */
  static final int CODE_ATTEMPTS = 5;

  private final LinkStore store;
  private final URI publicBaseUrl;
  private final Clock clock;
  private final RandomGenerator random;

  LinkRoutes(LinkStore store, URI publicBaseUrl, Clock clock, RandomGenerator random) {
    this.store = store;
    this.publicBaseUrl = publicBaseUrl;
    this.clock = clock;
    this.random = random;
  }

  void create(RoutingContext ctx) {
    ObjectNode body = JsonBody.object(ctx, JsonBody.JSON);
    Instant now = clock.instant();
    LinkRequest request = LinkRequest.parse(body, now);
    Future<Link> created = request.slug() != null
        ? store(ctx, () -> store.create(request.toLink(request.slug(), now))).map(ok -> {
            if (!ok) {
              throw ProblemException.conflict("slug", "'" + request.slug() + "' is already taken");
            }
            return request.toLink(request.slug(), now);
          })
        : createWithGeneratedCode(ctx, request, now, 1);
    reply(ctx, created.map(link -> new Reply(201, BASE_PATH + "/" + link.code(), json(LinkView.of(link, publicBaseUrl)))));
  }

  private Future<Link> createWithGeneratedCode(RoutingContext ctx, LinkRequest request, Instant now, int attempt) {
    if (attempt > CODE_ATTEMPTS) {
      return Future.failedFuture(ProblemException.unavailable(
          "no free code found after " + CODE_ATTEMPTS + " attempts; try again", null));
    }
    String code = Codes.generate(random);
    if (Codes.slugProblem(code) != null) {
      return createWithGeneratedCode(ctx, request, now, attempt + 1); // a reserved word, by chance
    }
    Link link = request.toLink(code, now);
    return store(ctx, () -> store.create(link))
        .compose(ok -> ok ? Future.succeededFuture(link) : createWithGeneratedCode(ctx, request, now, attempt + 1));
  }

  void get(RoutingContext ctx) {
    String code = ctx.pathParam("code");
    reply(ctx, find(ctx, code).map(link -> new Reply(200, null, json(LinkView.of(link, publicBaseUrl)))));
  }

  void patch(RoutingContext ctx) {
    String code = ctx.pathParam("code");
    ObjectNode body = JsonBody.object(ctx, JsonBody.JSON_OR_MERGE_PATCH);
    Instant now = clock.instant();
    LinkPatch patch = LinkPatch.parse(body, now);
    // Read-modify-write: LinkStore has no compare-and-set, so concurrent patches are last-writer-wins.
    Future<Link> patched = find(ctx, code).compose(link -> {
      Link updated = patch.applyTo(link, now);
      return store(ctx, () -> store.replace(updated)).map(ok -> {
        if (!ok) {
          throw notFound(code); // deleted between our read and write
        }
        return updated;
      });
    });
    reply(ctx, patched.map(link -> new Reply(200, null, json(LinkView.of(link, publicBaseUrl)))));
  }

  void delete(RoutingContext ctx) {
    String code = ctx.pathParam("code");
    // Found first, so a touchpoint's code cannot delete the touchpoint through the link API.
    Future<Boolean> deleted = find(ctx, code).compose(link -> store(ctx, () -> store.delete(code)));
    reply(ctx, deleted.map(ok -> {
      if (!ok) {
        throw notFound(code);
      }
      return new Reply(204, null, null);
    }));
  }

  void list(RoutingContext ctx) {
    LinkQuery query = ListParams.query(ctx);
    reply(ctx, store(ctx, () -> store.list(query))
        .map(page -> new Reply(200, null, json(LinkView.Page.of(page, publicBaseUrl)))));
  }

  /** The link with this code; a touchpoint's code is a 404 that points to the touchpoint API. */
  Future<Link> find(RoutingContext ctx, String code) {
    if (!Codes.isWellFormed(code, 0, code.length())) {
      return Future.failedFuture(notFound(code)); // cannot exist; spare the store
    }
    return store(ctx, () -> store.find(code)).map(link -> {
      if (link == null) {
        throw notFound(code);
      }
      if (link.isTouchpoint()) {
        throw touchpointNotLink(code);
      }
      return link;
    });
  }

  static ProblemException notFound(String code) {
    return ProblemException.notFound("no link with code '" + code + "'");
  }

  /** Touchpoints share the links' codes but are not links: the link endpoints do not show them. */
  static ProblemException touchpointNotLink(String code) {
    return ProblemException.notFound("'" + code + "' is a touchpoint, not a link; see /api/v1/touchpoints/" + code);
  }

  private static <T> Future<T> store(RoutingContext ctx, Supplier<Future<T>> call) {
    return StoreCall.of(ctx, call);
  }

  private static void reply(RoutingContext ctx, Future<Reply> reply) {
    Reply.send(ctx, reply);
  }

  private static Buffer json(Object value) {
    return Reply.json(value);
  }
}
