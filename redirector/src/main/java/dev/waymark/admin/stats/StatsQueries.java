package dev.waymark.admin.stats;

import dev.waymark.problem.ProblemException;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Where every stats question is asked of the analytics store: on a worker pool of its own
 * ({@code waymark-stats}), never on an event loop, with at most {@code maxInFlight} questions
 * queued or running (past it 503 with Retry-After, before anything queues) and an answer within
 * {@code timeout} (else 504). A question keeps its slot until the store returns, even after its
 * 504: the bound protects the store, which is still working on it.
 */
public final class StatsQueries {

  /** Questions queued or running at most; a store answering a 400-day range is busy for a while. */
  public static final int MAX_IN_FLIGHT = 8;
  public static final Duration TIMEOUT = Duration.ofSeconds(30);
  /** Threads of the pool: a few, so stats cannot starve the store threads of the admin API. */
  private static final int THREADS = 4;

  private final Vertx vertx;
  private final WorkerExecutor workers;
  private final int maxInFlight;
  private final Duration timeout;
  private final Semaphore inFlight;

  public StatsQueries(Vertx vertx) {
    this(vertx, MAX_IN_FLIGHT, TIMEOUT);
  }

  public StatsQueries(Vertx vertx, int maxInFlight, Duration timeout) {
    if (maxInFlight < 1 || timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("maxInFlight must be positive and timeout longer than zero");
    }
    this.vertx = vertx;
    this.maxInFlight = maxInFlight;
    this.inFlight = new Semaphore(maxInFlight);
    this.timeout = timeout;
    // Warn about a worker only well past the timeout: by then the store itself is stuck.
    this.workers = vertx.createSharedWorkerExecutor("waymark-stats", Math.min(THREADS, maxInFlight),
        Math.max(60_000, timeout.toMillis() * 2), TimeUnit.MILLISECONDS);
  }

  /**
   * Runs {@code question} on the stats pool; its outcome comes back on the caller's context. A
   * store that throws is a 503 naming {@code store} (the cause goes to the log, not the client).
   */
  public <T> Future<T> ask(String store, Callable<T> question) {
    if (!inFlight.tryAcquire()) {
      return Future.failedFuture(busy());
    }
    Promise<T> answer = Promise.promise();
    long timer = vertx.setTimer(timeout.toMillis(), id -> answer.tryFail(ProblemException.timeout(
        "the " + store + " analytics store did not answer within " + timeout.toMillis()
            + " ms; ask for a shorter range or fewer details")));
    workers.executeBlocking(question, false).onComplete(ar -> {
      inFlight.release();
      vertx.cancelTimer(timer);
      if (ar.succeeded()) {
        answer.tryComplete(ar.result());
      } else {
        answer.tryFail(ProblemException.unavailable("the " + store + " analytics store is unavailable",
            ar.cause()));
      }
    });
    return answer.future();
  }

  /**
   * Exports running at most: each holds a pool thread for as long as its client reads, so the
   * rest of the pool stays free for questions.
   */
  public static final int MAX_EXPORTS = 2;
  private final Semaphore exports = new Semaphore(MAX_EXPORTS);

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
    if (!inFlight.tryAcquire()) {
      exports.release();
      return Future.failedFuture(busy());
    }
    return workers.executeBlocking(export, false).andThen(ar -> {
      inFlight.release();
      exports.release();
    });
  }

  private ProblemException busy() {
    return ProblemException.unavailable(
        "more than " + maxInFlight + " stats questions are being answered; try again shortly", null);
  }
}
