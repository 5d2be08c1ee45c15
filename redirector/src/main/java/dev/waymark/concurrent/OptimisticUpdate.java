package dev.waymark.concurrent;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Applies a change to the current version of one stored object so that no concurrent write is
 * lost: read, change, then compare-and-set against what was read; when another write came first,
 * read again and re-apply the change, at most {@code attempts} times with a short random pause
 * between attempts. When every attempt loses, the future fails with {@link ContendedException}
 * and nothing is written.
 *
 * <p>The change sees the object as it is now, so it may also refuse (fail) on it, for example when
 * an {@code If-Match} does not match or the object is gone. Non-blocking; the pause is a Vert.x
 * timer, never a sleep. Thread-safe.
 */
public final class OptimisticUpdate {

  /** Compare-and-set: writes {@code next} only if the store still holds {@code expected}. */
  @FunctionalInterface
  public interface Swap<T> {
    /**
     * {@code expected} {@code null} means "must not exist" (create), {@code next} {@code null}
     * means delete; {@code false} when the store did not hold {@code expected} (nothing written).
     */
    Future<Boolean> apply(T expected, T next);
  }

  /** Told of every lost attempt that is retried and of every update that gave up. */
  public interface Listener {
    void retried();

    void contended();
  }

  private static final Listener SILENT = new Listener() {
    @Override
    public void retried() {}

    @Override
    public void contended() {}
  };
  // Pauses grow 1, 2, 4 ... ms up to this cap: long enough for a rival's write to land, short
  // enough that an admin call stays well under a second even when it loses every time.
  private static final long MAX_PAUSE_MILLIS = 32;

  private final Vertx vertx;
  private final int attempts;
  private final Listener listener;

  public OptimisticUpdate(Vertx vertx, int attempts) {
    this(vertx, attempts, SILENT);
  }

  public OptimisticUpdate(Vertx vertx, int attempts, Listener listener) {
    if (attempts < 1) {
      throw new IllegalArgumentException("attempts must be at least 1, was " + attempts);
    }
    this.vertx = vertx;
    this.attempts = attempts;
    this.listener = listener;
  }

  /**
   * Reads the current object ({@code null} when there is none), lets {@code change} compute the
   * next one ({@code null} = delete), and swaps it in; the result is what was written.
   */
  public <T> Future<T> apply(Supplier<Future<T>> read, Function<T, Future<T>> change, Swap<T> swap) {
    Promise<T> result = Promise.promise();
    attempt(1, read, change, swap, result);
    return result.future();
  }

  private <T> void attempt(int attempt, Supplier<Future<T>> read, Function<T, Future<T>> change, Swap<T> swap,
      Promise<T> result) {
    Future<Optional<T>> written;
    try {
      written = read.get().compose(current -> change.apply(current)
          .compose(next -> swap.apply(current, next).map(ok -> ok ? Optional.ofNullable(next) : null)));
    } catch (RuntimeException e) {
      written = Future.failedFuture(e);
    }
    written.onComplete(ar -> {
      if (ar.failed()) {
        result.fail(ar.cause());
      } else if (ar.result() != null) {
        result.complete(ar.result().orElse(null));
      } else if (attempt >= attempts) {
        listener.contended();
        result.fail(new ContendedException(attempt));
      } else {
        listener.retried();
        // Jitter only spreads rivals apart; no outcome depends on it, so it needs no injected seed.
        long pause = 1 + ThreadLocalRandom.current().nextLong(Math.min(MAX_PAUSE_MILLIS, 1L << (attempt - 1)));
        vertx.setTimer(pause, id -> attempt(attempt + 1, read, change, swap, result));
      }
    });
  }
}
