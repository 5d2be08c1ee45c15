package dev.waymark.admin.stats;

import dev.waymark.admin.http.Reply;
import dev.waymark.admin.http.Violations;
import dev.waymark.problem.ProblemException;
import dev.waymark.stats.StatsStore;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The stats endpoints: each checks its parameters (400 before anything else), finds the analytics
 * store (503 naming why when there is none), asks it through {@link StatsQueries} and answers with
 * the {@link StatsView} of the result.
 */
public final class StatsRoutes {

  public static final String SUMMARY = "/api/v1/stats/summary";
  public static final String TIMESERIES = "/api/v1/stats/timeseries";
  public static final String BREAKDOWN = "/api/v1/stats/breakdown";
  public static final String FUNNEL = "/api/v1/stats/funnel";
  public static final String EXPORT = "/api/v1/stats/export";

  private final StatsQueries queries;
  private final Supplier<StatsStore> stores;
  private final Clock clock;

  /** {@code stores} gives {@code null} while there is no analytics store (tracking off, or not started). */
  public StatsRoutes(StatsQueries queries, Supplier<StatsStore> stores, Clock clock) {
    this.queries = Objects.requireNonNull(queries, "queries");
    this.stores = Objects.requireNonNull(stores, "stores");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  public void summary(RoutingContext ctx) {
    StatsParams p = StatsParams.parse(params(ctx), StatsParams.Endpoint.SUMMARY, clock);
    answer(ctx, store -> StatsView.of(store.summary(p.query())));
  }

  public void timeSeries(RoutingContext ctx) {
    StatsParams p = StatsParams.parse(params(ctx), StatsParams.Endpoint.TIMESERIES, clock);
    answer(ctx, store -> StatsView.of(store.timeSeries(p.query(), p.interval())));
  }

  public void breakdown(RoutingContext ctx) {
    StatsParams p = StatsParams.parse(params(ctx), StatsParams.Endpoint.BREAKDOWN, clock);
    answer(ctx, store -> StatsView.of(store.breakdown(p.query(), p.by(), p.limit())));
  }

  public void funnel(RoutingContext ctx) {
    StatsParams p = StatsParams.parse(params(ctx), StatsParams.Endpoint.FUNNEL, clock);
    answer(ctx, store -> StatsView.of(store.funnel(p.query(), p.window())));
  }

  /** Streams the matching hit rows as CSV or NDJSON (see {@link ExportStream}). */
  public void export(RoutingContext ctx) {
    MultiMap params = params(ctx);
    Violations v = new Violations();
    ExportFormat format = null;
    List<String> given = params.getAll("format");
    if (given.size() != 1 || given.get(0).isEmpty()) {
      v.add("format", given.size() > 1 ? "must be given at most once" : "is required: csv or ndjson");
    } else {
      for (ExportFormat f : ExportFormat.values()) {
        if (f.extension.equals(given.get(0))) {
          format = f;
        }
      }
      if (format == null) {
        v.add("format", "must be csv or ndjson");
      }
    }
    v.throwIfAny();
    StatsParams p = StatsParams.parse(params, StatsParams.Endpoint.EXPORT, clock);
    StatsStore store = stores.get();
    if (store == null) {
      throw ProblemException.unavailable("stats need an analytics store and none is running: tracking is off, "
          + "or the store has not started yet", null);
    }
    DateTimeFormatter compact = DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    String filename = "hits-" + compact.format(p.query().from()) + "-" + compact.format(p.query().to()) + "."
        + format.extension;
    ExportStream stream = new ExportStream(ctx, Vertx.currentContext(), format, filename, store.kind(), clock);
    queries.export(() -> {
      try {
        store.export(p.query(), stream);
        stream.finish();
      } catch (Exception | Error e) {
        stream.fail(e);
      }
      return null;
    }).onFailure(ctx::fail); // only refusals before anything ran: the stream answers the rest
  }

  /** One call of the store and the view of its answer. */
  private interface Question {
    Object ask(StatsStore store) throws Exception;
  }

  private void answer(RoutingContext ctx, Question question) {
    StatsStore store = stores.get();
    if (store == null) {
      throw ProblemException.unavailable("stats need an analytics store and none is running: tracking is off, "
          + "or the store has not started yet", null);
    }
    // Rendered on the pool too, so the event loop only writes bytes.
    Reply.send(ctx, queries.ask(store.kind(), () -> new Reply(200, null, Reply.json(question.ask(store)))));
  }

  private static MultiMap params(RoutingContext ctx) {
    try {
      return ctx.queryParams();
    } catch (IllegalArgumentException e) {
      throw ProblemException.invalid("query", "is not a valid URL-encoded query string");
    }
  }
}
