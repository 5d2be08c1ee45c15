package dev.waymark.concurrent;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Runs the tasks of one key one after another, in arrival order, within this process; tasks of
 * different keys run independently. A task starts only once the previous task of its key has
 * completed (either way), and it runs on the context given for it.
 *
 * <p>Used in front of {@link OptimisticUpdate}: writes of one object from this process then never
 * race each other, so compare-and-set retries are needed only against other processes. A key's
 * entry is dropped when its last task completes. Thread-safe.
 */
public final class KeyedSequence {

  private final Map<String, Future<?>> tails = new ConcurrentHashMap<>();

  /** Runs {@code task} on {@code context} after every task of {@code key} submitted before it. */
  public <T> Future<T> run(String key, Context context, Supplier<Future<T>> task) {
    Promise<T> done = Promise.promise();
    Future<T> mine = done.future();
    Future<?> previous = tails.put(key, mine);
    Runnable start = () -> context.runOnContext(v -> {
      Future<T> outcome;
      try {
        outcome = task.get();
      } catch (RuntimeException e) {
        outcome = Future.failedFuture(e);
      }
      outcome.onComplete(done);
    });
    mine.onComplete(ar -> tails.remove(key, mine));
    if (previous == null) {
      start.run();
    } else {
      previous.onComplete(ar -> start.run());
    }
    return mine;
  }

  /** Keys with a task running or waiting; for tests and metrics. */
  public int activeKeys() {
    return tails.size();
  }
}
