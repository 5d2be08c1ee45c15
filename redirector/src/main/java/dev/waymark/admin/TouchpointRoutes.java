package dev.waymark.admin;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.waymark.link.Codes;
import dev.waymark.link.Link;
import dev.waymark.link.LinkStore;
import dev.waymark.problem.ProblemException;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.random.RandomGenerator;

/**
 * The handlers of a link's touchpoints ({@code /api/v1/links/{code}/touchpoints}) and of one
 * touchpoint ({@code /api/v1/touchpoints/{code}}): validated like links, stored as links with a
 * parent code, never nested (a touchpoint belongs to a link, not to another touchpoint).
 */
final class TouchpointRoutes {

  static final String BASE_PATH = "/api/v1/touchpoints";

  private final LinkStore store;
  private final URI publicBaseUrl;
  private final Clock clock;
  private final RandomGenerator random;

  TouchpointRoutes(LinkStore store, URI publicBaseUrl, Clock clock, RandomGenerator random) {
    this.store = store;
    this.publicBaseUrl = publicBaseUrl;
    this.clock = clock;
    this.random = random;
  }

  void create(RoutingContext ctx) {
    String linkCode = ctx.pathParam("code");
    ObjectNode body = JsonBody.object(ctx, JsonBody.JSON);
    TouchpointRequest request = TouchpointRequest.parse(body);
    Instant now = clock.instant();
    if (linkCode.equals(request.slug())) {
      throw ProblemException.conflict("slug", "'" + request.slug() + "' is already taken (by the link itself)");
    }
    Future<Link> created = findLink(ctx, linkCode).compose(link -> NewCode.create(ctx, store, random,
        request.slug(), code -> request.toTouchpoint(code, linkCode, now)));
    Reply.send(ctx, created.map(tp -> new Reply(201, BASE_PATH + "/" + tp.code(), view(tp))));
  }

  void list(RoutingContext ctx) {
    String linkCode = ctx.pathParam("code");
    var query = ListParams.touchpoints(ctx, linkCode);
    Reply.send(ctx, findLink(ctx, linkCode)
        .compose(link -> StoreCall.of(ctx, () -> store.list(query)))
        .map(page -> new Reply(200, null, Reply.json(TouchpointView.Page.of(page, publicBaseUrl)))));
  }

  void get(RoutingContext ctx) {
    Reply.send(ctx, find(ctx, ctx.pathParam("code")).map(tp -> new Reply(200, null, view(tp))));
  }

  void patch(RoutingContext ctx) {
    String code = ctx.pathParam("code");
    ObjectNode body = JsonBody.object(ctx, JsonBody.JSON_OR_MERGE_PATCH);
    TouchpointPatch patch = TouchpointPatch.parse(body);
    Instant now = clock.instant();
    // Read-modify-write, last writer wins, as for links.
    Future<Link> patched = find(ctx, code).compose(tp -> {
      Link updated = patch.applyTo(tp, now);
      return StoreCall.of(ctx, () -> store.replace(updated)).map(ok -> {
        if (!ok) {
          throw notFound(code); // deleted between our read and write
        }
        return updated;
      });
    });
    Reply.send(ctx, patched.map(tp -> new Reply(200, null, view(tp))));
  }

  void delete(RoutingContext ctx) {
    String code = ctx.pathParam("code");
    Future<Boolean> deleted = find(ctx, code).compose(tp -> StoreCall.of(ctx, () -> store.delete(code)));
    Reply.send(ctx, deleted.map(ok -> {
      if (!ok) {
        throw notFound(code);
      }
      return new Reply(204, null, null);
    }));
  }

  /** The touchpoint with this code; a link's code is a 404 that points to the link API. */
  Future<Link> find(RoutingContext ctx, String code) {
    if (!Codes.isWellFormed(code, 0, code.length())) {
      return Future.failedFuture(notFound(code));
    }
    return StoreCall.of(ctx, () -> store.find(code)).map(found -> {
      if (found == null) {
        throw notFound(code);
      }
      if (!found.isTouchpoint()) {
        throw ProblemException.notFound("'" + code + "' is a link, not a touchpoint; see " + LinkRoutes.BASE_PATH
            + "/" + code);
      }
      return found;
    });
  }

  /** The link touchpoints are added to; a touchpoint's code is refused, touchpoints do not nest. */
  private Future<Link> findLink(RoutingContext ctx, String code) {
    if (!Codes.isWellFormed(code, 0, code.length())) {
      return Future.failedFuture(LinkRoutes.notFound(code));
    }
    return StoreCall.of(ctx, () -> store.find(code)).map(found -> {
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

  private io.vertx.core.buffer.Buffer view(Link tp) {
    return Reply.json(TouchpointView.of(tp, publicBaseUrl));
  }
}
