package dev.waymark.admin.link;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.waymark.admin.http.ApiPaths;
import dev.waymark.admin.http.AtomicWrites;
import dev.waymark.admin.http.ETags;
import dev.waymark.admin.http.IfMatch;
import dev.waymark.admin.http.JsonBody;
import dev.waymark.admin.http.Reply;
import dev.waymark.admin.http.StoreCall;
import dev.waymark.link.Link;
import dev.waymark.link.LinkQuery;
import dev.waymark.link.LinkStore;
import dev.waymark.problem.ProblemException;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * The handlers of {@code /api/v1/links}: they validate first, then talk to the store without
 * blocking, and answer on the request's own event loop whatever thread the store completes on.
 * A failing store always means 503, never 500; writes that keep losing to concurrent writes are 409.
 */
public final class LinkRoutes {

  private final LinkStore store;
  private final URI publicBaseUrl;
  private final Clock clock;
  private final RandomGenerator random;
  private final AtomicWrites writes;
  private final ShortUrlHosts ours;

  public LinkRoutes(LinkStore store, URI publicBaseUrl, Clock clock, RandomGenerator random, AtomicWrites writes,
      ShortUrlHosts ours) {
    this.ours = ours;
    this.store = store;
    this.writes = writes;
    this.publicBaseUrl = publicBaseUrl;
    this.clock = clock;
    this.random = random;
  }

  public void create(RoutingContext ctx) {
    ObjectNode body = JsonBody.object(ctx, JsonBody.JSON);
    Instant now = clock.instant();
    LinkRequest request = LinkRequest.parse(body, now, ours);
    Future<Link> created = NewCode.create(ctx, store, random, request.slug(), code -> request.toLink(code, now))
        .compose(link -> writes.record(ctx, AtomicWrites.Kind.LINK, link.code(), null, link).map(link));
    Reply.send(ctx, created.map(link -> view(201, ApiPaths.LINKS + "/" + link.code(), link)));
  }

  /** {@code POST /api/v1/links/import} ({@link LinkImport}); up to 4 MiB of JSON is parsed off the event loop. */
  public void importLinks(RoutingContext ctx) {
    Instant now = clock.instant();
    Future<List<LinkImport.Item>> items = ctx.vertx().executeBlocking(
        () -> LinkImport.parse(JsonBody.object(ctx, JsonBody.JSON), now, ours), false);
    Reply.send(ctx, items
        .compose(parsed -> {
          List<Link> created = new ArrayList<>();
          return LinkImport.store(ctx, store, random, parsed, now, publicBaseUrl, created)
              .compose(outcome -> writes.recordCreated(ctx, created).map(outcome));
        })
        .map(outcome -> new Reply(200, null, Reply.json(outcome))));
  }

  public void get(RoutingContext ctx) {
    String code = ctx.pathParam("code");
    Reply.send(ctx, find(ctx, code).map(link -> view(200, null, link)));
  }

  /** Applies the merge-patch to the link as it is when written, never to a stale copy (see {@link AtomicWrites}). */
  public void patch(RoutingContext ctx) {
    String code = ctx.pathParam("code");
    IfMatch ifMatch = IfMatch.of(ctx);
    ObjectNode body = JsonBody.object(ctx, JsonBody.JSON_OR_MERGE_PATCH);
    Instant now = clock.instant();
    LinkPatch patch = LinkPatch.parse(body, now, ours);
    Future<Link> patched = writes.apply(ctx, AtomicWrites.Kind.LINK, code, "link '" + code + "'",
        () -> read(ctx, code),
        current -> {
          Link link = asLink(code, current);
          ifMatch.check(ETags.of(link), "link '" + code + "'");
          return Future.succeededFuture(patch.applyTo(link, now));
        },
        (expected, next) -> StoreCall.of(ctx, () -> store.replace(expected, next)));
    Reply.send(ctx, patched.map(link -> view(200, null, link)));
  }

  public void delete(RoutingContext ctx) {
    String code = ctx.pathParam("code");
    IfMatch ifMatch = IfMatch.of(ctx);
    // Found first, so a touchpoint's code cannot delete the touchpoint through the link API.
    Future<Link> deleted = writes.apply(ctx, AtomicWrites.Kind.LINK, code, "link '" + code + "'",
        () -> read(ctx, code),
        current -> {
          ifMatch.check(ETags.of(asLink(code, current)), "link '" + code + "'");
          return Future.<Link>succeededFuture(null);
        },
        (expected, next) -> StoreCall.of(ctx, () -> store.delete(expected)));
    Reply.send(ctx, deleted.map(none -> new Reply(204, null, null)));
  }

  public void list(RoutingContext ctx) {
    LinkQuery query = ListParams.query(ctx);
    Reply.send(ctx, StoreCall.of(ctx, () -> store.list(query))
        .map(page -> new Reply(200, null, Reply.json(LinkView.Page.of(page, publicBaseUrl)))));
  }

  /** The link with this code; a touchpoint's code is a 404 that points to the touchpoint API. */
  public Future<Link> find(RoutingContext ctx, String code) {
    return read(ctx, code).map(found -> asLink(code, found));
  }

  /** Whatever is stored under this code, or {@code null}. */
  private Future<Link> read(RoutingContext ctx, String code) {
    return CodeLookup.read(ctx, store, code, () -> notFound(code));
  }

  private static Link asLink(String code, Link found) {
    if (found == null) {
      throw notFound(code);
    }
    if (found.isTouchpoint()) {
      throw touchpointNotLink(code);
    }
    return found;
  }

  private Reply view(int status, String location, Link link) {
    return new Reply(status, location, Reply.json(LinkView.of(link, publicBaseUrl)), ETags.of(link));
  }

  public static ProblemException notFound(String code) {
    return ProblemException.notFound("no link with code '" + code + "'");
  }

  /** Touchpoints share the links' codes but are not links: the link endpoints do not show them. */
  static ProblemException touchpointNotLink(String code) {
    return ProblemException.notFound("'" + code + "' is a touchpoint, not a link; see /api/v1/touchpoints/" + code);
  }
}
