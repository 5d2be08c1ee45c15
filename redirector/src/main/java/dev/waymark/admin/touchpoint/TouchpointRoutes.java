package dev.waymark.admin.touchpoint;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.waymark.admin.http.ApiPaths;
import dev.waymark.admin.http.AtomicWrites;
import dev.waymark.admin.http.ETags;
import dev.waymark.admin.http.IfMatch;
import dev.waymark.admin.http.JsonBody;
import dev.waymark.admin.http.Reply;
import dev.waymark.admin.http.StoreCall;
import dev.waymark.admin.link.CodeLookup;
import dev.waymark.admin.link.LinkRoutes;
import dev.waymark.admin.link.ListParams;
import dev.waymark.admin.link.NewCode;
import dev.waymark.admin.link.ShortUrlHosts;
import dev.waymark.link.Link;
import dev.waymark.link.LinkStore;
import dev.waymark.problem.ProblemException;
import dev.waymark.touchpoint.Touchpoint;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.random.RandomGenerator;

/**
 * The handlers of a link's touchpoints ({@code /api/v1/links/{code}/touchpoints}) and of one
 * touchpoint ({@code /api/v1/touchpoints/{code}}): validated like links, stored in the links' form
 * with a parent code ({@link Touchpoint#toStored}), never nested (a touchpoint belongs to a link,
 * not to another touchpoint).
 */
public final class TouchpointRoutes {

  private final LinkStore store;
  private final URI publicBaseUrl;
  private final Clock clock;
  private final RandomGenerator random;
  private final AtomicWrites writes;
  private final ShortUrlHosts ours;

  public TouchpointRoutes(LinkStore store, URI publicBaseUrl, Clock clock, RandomGenerator random, AtomicWrites writes,
      ShortUrlHosts ours) {
    this.ours = ours;
    this.store = store;
    this.writes = writes;
    this.publicBaseUrl = publicBaseUrl;
    this.clock = clock;
    this.random = random;
  }

  public void create(RoutingContext ctx) {
    String linkCode = ctx.pathParam("code");
    ObjectNode body = JsonBody.object(ctx, JsonBody.JSON);
    Instant now = clock.instant();
    TouchpointRequest request = TouchpointRequest.parse(body, now, ours);
    if (linkCode.equals(request.slug())) {
      throw ProblemException.conflict("slug", "'" + request.slug() + "' is already taken (by the link itself)");
    }
    Future<Link> created = findLink(ctx, linkCode).compose(link -> NewCode.create(ctx, store, random,
        request.slug(), code -> request.toTouchpoint(code, linkCode, now).toStored()))
        .compose(tp -> writes.record(ctx, AtomicWrites.Kind.TOUCHPOINT, tp.code(), null, tp).map(tp));
    Reply.send(ctx, created.map(tp -> view(201, ApiPaths.TOUCHPOINTS + "/" + tp.code(), Touchpoint.from(tp))));
  }

  public void list(RoutingContext ctx) {
    String linkCode = ctx.pathParam("code");
    var query = ListParams.touchpoints(ctx, linkCode);
    Reply.send(ctx, findLink(ctx, linkCode)
        .compose(link -> StoreCall.of(ctx, () -> store.list(query)))
        .map(page -> new Reply(200, null, Reply.json(TouchpointView.Page.of(page, publicBaseUrl)))));
  }

  public void get(RoutingContext ctx) {
    Reply.send(ctx, find(ctx, ctx.pathParam("code")).map(tp -> view(200, null, Touchpoint.from(tp))));
  }

  /** Applies the merge-patch to the touchpoint as it is when written, as for links. */
  public void patch(RoutingContext ctx) {
    String code = ctx.pathParam("code");
    IfMatch ifMatch = IfMatch.of(ctx);
    ObjectNode body = JsonBody.object(ctx, JsonBody.JSON_OR_MERGE_PATCH);
    Instant now = clock.instant();
    TouchpointPatch patch = TouchpointPatch.parse(body, now, ours);
    Future<Link> patched = writes.apply(ctx, AtomicWrites.Kind.TOUCHPOINT, code, "touchpoint '" + code + "'",
        () -> read(ctx, code),
        current -> {
          Touchpoint tp = Touchpoint.from(asTouchpoint(code, current));
          ifMatch.check(etag(tp), "touchpoint '" + code + "'");
          return Future.succeededFuture(patch.applyTo(tp, now).toStored());
        },
        (expected, next) -> StoreCall.of(ctx, () -> store.replace(expected, next)));
    Reply.send(ctx, patched.map(tp -> view(200, null, Touchpoint.from(tp))));
  }

  public void delete(RoutingContext ctx) {
    String code = ctx.pathParam("code");
    IfMatch ifMatch = IfMatch.of(ctx);
    Future<Link> deleted = writes.apply(ctx, AtomicWrites.Kind.TOUCHPOINT, code, "touchpoint '" + code + "'",
        () -> read(ctx, code),
        current -> {
          ifMatch.check(etag(Touchpoint.from(asTouchpoint(code, current))), "touchpoint '" + code + "'");
          return Future.<Link>succeededFuture(null);
        },
        (expected, next) -> StoreCall.of(ctx, () -> store.delete(expected)));
    Reply.send(ctx, deleted.map(none -> new Reply(204, null, null)));
  }

  /** The touchpoint with this code; a link's code is a 404 that points to the link API. */
  public Future<Link> find(RoutingContext ctx, String code) {
    return read(ctx, code).map(found -> asTouchpoint(code, found));
  }

  /** Whatever is stored under this code, or {@code null}. */
  private Future<Link> read(RoutingContext ctx, String code) {
    return CodeLookup.read(ctx, store, code, () -> notFound(code));
  }

  private static Link asTouchpoint(String code, Link found) {
    if (found == null) {
      throw notFound(code);
    }
    if (!found.isTouchpoint()) {
      throw ProblemException.notFound("'" + code + "' is a link, not a touchpoint; see " + ApiPaths.LINKS
          + "/" + code);
    }
    return found;
  }

  /** The link touchpoints are added to; a touchpoint's code is refused, touchpoints do not nest. */
  private Future<Link> findLink(RoutingContext ctx, String code) {
    return CodeLookup.read(ctx, store, code, () -> LinkRoutes.notFound(code)).map(found -> {
      if (found == null) {
        throw LinkRoutes.notFound(code);
      }
      if (found.isTouchpoint()) {
        throw ProblemException.notFound("'" + code + "' is a touchpoint, not a link; touchpoints belong to links,"
            + " not to other touchpoints (its link is '" + found.linkCode() + "')");
      }
      return found;
    });
  }

  private static ProblemException notFound(String code) {
    return ProblemException.notFound("no touchpoint with code '" + code + "'");
  }

  private Reply view(int status, String location, Touchpoint tp) {
    return new Reply(status, location, Reply.json(TouchpointView.of(tp, publicBaseUrl)), etag(tp));
  }

  /** Of the stored form, as it always was, so the tags clients hold stay valid. */
  private static String etag(Touchpoint tp) {
    return ETags.of(tp.toStored());
  }
}
