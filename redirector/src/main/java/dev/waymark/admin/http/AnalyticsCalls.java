package dev.waymark.admin.http;

import dev.waymark.concurrent.BackgroundPriority;
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
 * Where one kind of blocking call to the analytics store runs: on a worker pool of its own, never
 * on an event loop, with at most {@code maxInFlight} calls queued or running (past it 503 with
 * Retry-After, before anything queues) and an answer within {@code timeout} (else 504). A call
 * keeps its slot until the store returns, even after its 504: the bound protects the store, which
 * is still working on it. Outcomes come back on the caller's context. The pool's threads run at
 * the lowest CPU priority ({@link BackgroundPriority}).
 */
public final class AnalyticsCalls {

  private final Vertx vertx;
  private final WorkerExecutor workers;
  private final int maxInFlight;
  private final Duration timeout;
  private final Semaphore inFlight;
  private final String calls;
  private final String afterTimeout;

  /**
   * @param pool the worker pool's name; pools of one name are shared, so each kind has its own
   * @param calls what is refused past the bound, for its 503 ("stats questions are being answered")
   * @param afterTimeout what the client should do after a 504, for its detail
   */
  public AnalyticsCalls(Vertx vertx, String pool, int threads, int maxInFlight, Duration timeout, String calls,
      String afterTimeout) {
    if (maxInFlight < 1 || timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("maxInFlight must be positive and timeout longer than zero");
    }
    this.vertx = vertx;
    this.maxInFlight = maxInFlight;
    this.inFlight = new Semaphore(maxInFlight);
    this.timeout = timeout;
    this.calls = calls;
    this.afterTimeout = afterTimeout;
    // Warn about a worker only well past the timeout: by then the store itself is stuck.
    this.workers = vertx.createSharedWorkerExecutor(pool, Math.min(threads, maxInFlight),
        Math.max(60_000, timeout.toMillis() * 2), TimeUnit.MILLISECONDS);
  }

  /**
   * Runs {@code call} on the pool within the timeout. A store that throws is a 503 naming
   * {@code store} (the cause goes to the log, not the client).
   */
  public <T> Future<T> call(String store, Callable<T> call) {
    if (!inFlight.tryAcquire()) {
      return Future.failedFuture(busy());
    }
    Promise<T> answer = Promise.promise();
    long timer = vertx.setTimer(timeout.toMillis(), id -> answer.tryFail(ProblemException.timeout(
        "the " + store + " analytics store did not answer within " + timeout.toMillis() + " ms; " + afterTimeout)));
    workers.executeBlocking(inBackground(call), false).onComplete(ar -> {
      inFlight.release();
      vertx.cancelTimer(timer);
      if (ar.succeeded()) {
        answer.tryComplete(ar.result());
      } else {
        answer.tryFail(ProblemException.unavailable("the " + store + " analytics store is unavailable", ar.cause()));
      }
    });
    return answer.future();
  }

  /**
   * Runs {@code call} on the pool with no timeout, holding a slot while it runs: for work that
   * bounds itself and reports its own failures. Past the bound, a 503 before anything runs.
   */
  public <T> Future<T> untimed(Callable<T> call) {
    if (!inFlight.tryAcquire()) {
      return Future.failedFuture(busy());
    }
    return workers.executeBlocking(inBackground(call), false).andThen(ar -> inFlight.release());
  }

  /** {@code call} on a thread of the lowest CPU priority: analytics must never slow a redirect. */
  private static <T> Callable<T> inBackground(Callable<T> call) {
    return () -> {
      BackgroundPriority.lowerCurrentThread();
      return call.call();
    };
  }

  private ProblemException busy() {
    return ProblemException.unavailable("more than " + maxInFlight + " " + calls + "; try again shortly", null);
  }
}
