package dev.waymark.admin.conversion;

import dev.waymark.admin.http.AnalyticsCalls;
import dev.waymark.admin.http.JsonBody;
import dev.waymark.admin.http.Reply;
import dev.waymark.conversion.ConversionStore;
import dev.waymark.problem.ProblemException;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * {@code POST /api/v1/conversions}: checks the report (400 before anything else), finds the
 * conversion store (503 naming why when there is none), records the conversions on a pool of its
 * own ({@code waymark-conversions}, bounded, with a timeout; see {@link AnalyticsCalls}) and answers
 * with their statuses ({@link ConversionView}). A report is safe to repeat after any failure: the
 * store keeps each {@code (click, type, id)} once.
 */
public final class ConversionRoutes {

  public static final String PATH = "/api/v1/conversions";
  /** Room for {@link dev.waymark.conversion.Conversion#MAX_BATCH} conversions of about 200 bytes each. */
  public static final long BODY_LIMIT = 256 * 1024;
  /** Reports queued or running at most: each is one insert of at most 1,000 rows. */
  public static final int MAX_IN_FLIGHT = 8;
  public static final Duration TIMEOUT = Duration.ofSeconds(10);
  /** A store's inserts are quick; two threads keep a slow one from taking more of the machine. */
  private static final int THREADS = 2;

  private final AnalyticsCalls calls;
  private final Supplier<ConversionStore> stores;

  /** {@code stores} gives {@code null} while there is no analytics store (tracking off, or not started). */
  public ConversionRoutes(Vertx vertx, Supplier<ConversionStore> stores) {
    this(vertx, stores, MAX_IN_FLIGHT, TIMEOUT);
  }

  public ConversionRoutes(Vertx vertx, Supplier<ConversionStore> stores, int maxInFlight, Duration timeout) {
    this.stores = Objects.requireNonNull(stores, "stores");
    this.calls = new AnalyticsCalls(vertx, "waymark-conversions", THREADS, maxInFlight, timeout,
        "conversion reports are being recorded",
        "send the same report again later: conversions already stored are not stored twice");
  }

  public void record(RoutingContext ctx) {
    ConversionRequest request = ConversionRequest.parse(JsonBody.object(ctx, JsonBody.JSON));
    ConversionStore store = stores.get();
    if (store == null) {
      throw ProblemException.unavailable("conversions need an analytics store and none is running: tracking is "
          + "off, or the store has not started yet", null);
    }
    Reply.send(ctx, calls.call(store.kind(), () -> store.record(request.conversions()))
        .map(statuses -> ConversionView.of(request, statuses)));
  }
}
