package dev.waymark.admin.campaign;

import dev.waymark.admin.http.ApiPaths;
import dev.waymark.admin.http.AtomicWrites;
import dev.waymark.admin.http.ETags;
import dev.waymark.admin.http.IfMatch;
import dev.waymark.admin.http.JsonBody;
import dev.waymark.admin.http.Reply;
import dev.waymark.admin.http.StoreCall;
import dev.waymark.campaign.Campaign;
import dev.waymark.campaign.CampaignStore;
import dev.waymark.problem.ProblemException;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The handlers of {@code /api/v1/campaigns}: a campaign's settings, which every link naming the
 * campaign follows. Writes go through {@link AtomicWrites} (compare-and-set, {@code If-Match},
 * the audit log), as brand writes do; the store tells every instance, whose link caches re-read
 * their links within about a second.
 */
public final class CampaignRoutes {

  private static final String STORE = "campaign store";

  private final CampaignStore store;
  private final Clock clock;
  private final AtomicWrites writes;

  public CampaignRoutes(CampaignStore store, Clock clock, AtomicWrites writes) {
    this.store = store;
    this.clock = clock;
    this.writes = writes;
  }

  /** Creates the campaign's settings (201) or replaces them (200). */
  public void put(RoutingContext ctx) {
    String name = ctx.pathParam("name");
    String problem = Campaign.nameProblem(name);
    if (problem != null) {
      throw ProblemException.invalid("name", problem);
    }
    IfMatch ifMatch = IfMatch.of(ctx);
    CampaignRequest request = CampaignRequest.parse(JsonBody.object(ctx, JsonBody.JSON), name);
    Instant now = clock.instant();
    AtomicBoolean created = new AtomicBoolean();
    Future<Campaign> written = writes.apply(ctx, AtomicWrites.Kind.CAMPAIGN, name, what(name),
        () -> StoreCall.of(ctx, STORE, () -> store.find(name)),
        current -> {
          ifMatch.check(current == null ? null : ETags.of(current), what(name));
          created.set(current == null);
          return Future.succeededFuture(request.toCampaign(current == null ? now : current.createdAt(), now));
        },
        (expected, next) -> StoreCall.of(ctx, STORE, () -> store.put(expected, next)));
    Reply.send(ctx, written.map(c -> view(created.get() ? 201 : 200, created.get() ? path(name) : null, c)));
  }

  public void get(RoutingContext ctx) {
    String name = ctx.pathParam("name");
    Future<Campaign> found = Campaign.nameProblem(name) != null ? Future.failedFuture(notFound(name))
        : StoreCall.of(ctx, STORE, () -> store.find(name)).map(c -> {
          if (c == null) {
            throw notFound(name);
          }
          return c;
        });
    Reply.send(ctx, found.map(c -> view(200, null, c)));
  }

  public void list(RoutingContext ctx) {
    Reply.send(ctx, StoreCall.of(ctx, STORE, store::list)
        .map(all -> new Reply(200, null, Reply.json(CampaignView.Page.of(all)))));
  }

  public void delete(RoutingContext ctx) {
    String name = ctx.pathParam("name");
    if (Campaign.nameProblem(name) != null) {
      throw notFound(name);
    }
    IfMatch ifMatch = IfMatch.of(ctx);
    Future<Campaign> deleted = writes.apply(ctx, AtomicWrites.Kind.CAMPAIGN, name, what(name),
        () -> StoreCall.of(ctx, STORE, () -> store.find(name)),
        current -> {
          if (current == null) {
            throw notFound(name);
          }
          ifMatch.check(ETags.of(current), what(name));
          return Future.succeededFuture(null);
        },
        (expected, next) -> StoreCall.of(ctx, STORE, () -> store.delete(expected)));
    Reply.send(ctx, deleted.map(none -> new Reply(204, null, null)));
  }

  private static Reply view(int status, String location, Campaign campaign) {
    return new Reply(status, location, Reply.json(CampaignView.of(campaign)), ETags.of(campaign));
  }

  /** The campaign's path; its name may hold any character but a control character, so it is encoded. */
  static String path(String name) {
    return ApiPaths.CAMPAIGNS + "/" + URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static String what(String name) {
    return "campaign '" + name + "'";
  }

  private static ProblemException notFound(String name) {
    return ProblemException.notFound("campaign '" + name + "' has no settings; its links follow their own");
  }
}
