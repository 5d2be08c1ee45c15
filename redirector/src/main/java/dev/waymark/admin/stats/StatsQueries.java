package dev.waymark.admin.stats;

import dev.waymark.admin.http.AnalyticsCalls;
import dev.waymark.problem.ProblemException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.Semaphore;

/**
 * Where every stats question is asked of the analytics store: {@link AnalyticsCalls} on a pool of
 * its own ({@code waymark-stats}), at most {@code maxInFlight} questions queued or running (then
 * 503) and an answer within {@code timeout} (else 504); exports run there too, a few at a time.
 */
public final class StatsQueries {

  /** Questions queued or running at most; a store answering a 400-day range is busy for a while. */
  public static final int MAX_IN_FLIGHT = 8;
  public static final Duration TIMEOUT = Duration.ofSeconds(30);
  /** Threads of the pool: a few, so stats cannot starve the store threads of the admin API. */
  private static final int THREADS = 4;
  /**
   * Exports running at most: each holds a pool thread for as long as its client reads, so the
   * rest of the pool stays free for questions.
   */
  public static final int MAX_EXPORTS = 2;

  private final AnalyticsCalls calls;
  private final Semaphore exports = new Semaphore(MAX_EXPORTS);

  public StatsQueries(Vertx vertx) {
    this(vertx, MAX_IN_FLIGHT, TIMEOUT);
  }

  public StatsQueries(Vertx vertx, int maxInFlight, Duration timeout) {
    this.calls = new AnalyticsCalls(vertx, "waymark-stats", THREADS, maxInFlight, timeout,
        "stats questions are being answered", "ask for a shorter range or fewer details");
  }

  /**
   * Runs {@code question} on the stats pool; its outcome comes back on the caller's context. A
   * store that throws is a 503 naming {@code store} (the cause goes to the log, not the client).
   */
  public <T> Future<T> ask(String store, Callable<T> question) {
    return calls.call(store, question);
  }

  /**
   * Runs a long {@code export} on the stats pool with no timeout (the export bounds itself), holding
   * one of the {@code maxInFlight} slots and one of {@link #MAX_EXPORTS} while it runs; past either,
   * a 503 before anything runs. The outcome comes back on the caller's context.
   */
  public Future<Void> export(Callable<Void> export) {
    if (!exports.tryAcquire()) {
      return Future.failedFuture(ProblemException.unavailable(
          "more than " + MAX_EXPORTS + " stats exports are running; try again shortly", null));
    }
    return calls.untimed(export).andThen(ar -> exports.release());
  }
}
