package dev.waymark.admin;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.waymark.link.Codes;
import dev.waymark.link.Link;
import dev.waymark.link.LinkQuery;
import dev.waymark.link.LinkStore;
import dev.waymark.problem.ProblemException;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * The handlers of {@code /api/v1/links}: they validate first, then talk to the store without
 * blocking, and answer on the request's own event loop whatever thread the store completes on.
 * A failing store always means 503, never 500.
 */
final class LinkRoutes {

  static final String BASE_PATH = "/api/v1/links";

  private final LinkStore store;
  private final URI publicBaseUrl;
  private final Clock clock;
  private final RandomGenerator random;
  private final ShortUrlHosts ours;

  LinkRoutes(LinkStore store, URI publicBaseUrl, Clock clock, RandomGenerator random, ShortUrlHosts ours) {
    this.ours = ours;
    this.store = store;
    this.publicBaseUrl = publicBaseUrl;
    this.clock = clock;
    this.random = random;
  }

  void create(RoutingContext ctx) {
    ObjectNode body = JsonBody.object(ctx, JsonBody.JSON);
    Instant now = clock.instant();
    LinkRequest request = LinkRequest.parse(body, now, ours);
    Future<Link> created = NewCode.create(ctx, store, random, request.slug(), code -> request.toLink(code, now));
    Reply.send(ctx, created.map(link -> new Reply(201, BASE_PATH + "/" + link.code(), Reply.json(LinkView.of(link, publicBaseUrl)))));
  }

  /** {@code POST /api/v1/links/import} ({@link LinkImport}); up to 4 MiB of JSON is parsed off the event loop. */
  void importLinks(RoutingContext ctx) {
    Instant now = clock.instant();
    Future<List<LinkImport.Item>> items = ctx.vertx().executeBlocking(
        () -> LinkImport.parse(JsonBody.object(ctx, JsonBody.JSON), now, ours), false);
    Reply.send(ctx, items
        .compose(parsed -> LinkImport.store(ctx, store, random, parsed, now, publicBaseUrl))
        .map(outcome -> new Reply(200, null, Reply.json(outcome))));
  }

  void get(RoutingContext ctx) {
    String code = ctx.pathParam("code");
    Reply.send(ctx, find(ctx, code).map(link -> new Reply(200, null, Reply.json(LinkView.of(link, publicBaseUrl)))));
  }

  void patch(RoutingContext ctx) {
    String code = ctx.pathParam("code");
    ObjectNode body = JsonBody.object(ctx, JsonBody.JSON_OR_MERGE_PATCH);
    Instant now = clock.instant();
    LinkPatch patch = LinkPatch.parse(body, now, ours);
    // Read-modify-write: LinkStore has no compare-and-set, so concurrent patches are last-writer-wins.
    Future<Link> patched = find(ctx, code).compose(link -> {
      Link updated = patch.applyTo(link, now);
      return StoreCall.of(ctx, () -> store.replace(updated)).map(ok -> {
        if (!ok) {
          throw notFound(code); // deleted between our read and write
        }
        return updated;
      });
    });
    Reply.send(ctx, patched.map(link -> new Reply(200, null, Reply.json(LinkView.of(link, publicBaseUrl)))));
  }

  void delete(RoutingContext ctx) {
    String code = ctx.pathParam("code");
    // Found first, so a touchpoint's code cannot delete the touchpoint through the link API.
    Future<Boolean> deleted = find(ctx, code).compose(link -> StoreCall.of(ctx, () -> store.delete(code)));
    Reply.send(ctx, deleted.map(ok -> {
      if (!ok) {
        throw notFound(code);
      }
      return new Reply(204, null, null);
    }));
  }

  void list(RoutingContext ctx) {
    LinkQuery query = ListParams.query(ctx);
    Reply.send(ctx, StoreCall.of(ctx, () -> store.list(query))
        .map(page -> new Reply(200, null, Reply.json(LinkView.Page.of(page, publicBaseUrl)))));
  }

  /** The link with this code; a touchpoint's code is a 404 that points to the touchpoint API. */
  Future<Link> find(RoutingContext ctx, String code) {
    if (!Codes.isWellFormed(code, 0, code.length())) {
      return Future.failedFuture(notFound(code)); // cannot exist; spare the store
    }
    return StoreCall.of(ctx, () -> store.find(code)).map(link -> {
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
}
