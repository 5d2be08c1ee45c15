package dev.waymark.key;

import io.vertx.core.Future;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A KeyStore in memory that honours the interface contract ({@code InMemoryKeyStoreTest} proves
 * it), counts its reads and writes of last use, and can be switched to fail every call.
 */
public final class InMemoryKeyStore implements KeyStore {

  private final Map<String, NamedKey> keys = new TreeMap<>();
  private final AtomicBoolean down = new AtomicBoolean();
  private final AtomicInteger finds = new AtomicInteger();
  private final AtomicInteger touches = new AtomicInteger();
  private volatile long findDelayMillis;

  /** From now on every call fails (true) or works again (false). */
  public void down(boolean isDown) {
    down.set(isDown);
  }

  /** From now on {@link #find} answers this much later, from another thread, as a remote store would. */
  public void findDelay(long millis) {
    findDelayMillis = millis;
  }

  /** How many times {@link #find} was called. */
  public int finds() {
    return finds.get();
  }

  /** How many times {@link #touch} was called. */
  public int touches() {
    return touches.get();
  }

  @Override
  public synchronized Future<NamedKey> find(String id) {
    finds.incrementAndGet();
    Future<NamedKey> found = down.get() ? failure() : Future.succeededFuture(keys.get(id));
    long delay = findDelayMillis;
    if (delay == 0) {
      return found;
    }
    CompletableFuture<NamedKey> later = new CompletableFuture<>();
    CompletableFuture.delayedExecutor(delay, TimeUnit.MILLISECONDS).execute(() -> found.onComplete(ar -> {
      if (ar.succeeded()) {
        later.complete(ar.result());
      } else {
        later.completeExceptionally(ar.cause());
      }
    }));
    return Future.fromCompletionStage(later);
  }

  @Override
  public synchronized Future<List<NamedKey>> list() {
    return down.get() ? failure() : Future.succeededFuture(new ArrayList<>(keys.values()));
  }

  @Override
  public synchronized Future<Boolean> create(NamedKey key) {
    return down.get() ? failure() : Future.succeededFuture(keys.putIfAbsent(key.id(), key) == null);
  }

  @Override
  public synchronized Future<Boolean> delete(String id) {
    return down.get() ? failure() : Future.succeededFuture(keys.remove(id) != null);
  }

  @Override
  public synchronized Future<Void> touch(String id, Instant at) {
    touches.incrementAndGet();
    if (down.get()) {
      return failure();
    }
    keys.computeIfPresent(id, (k, key) ->
        key.lastUsedAt() != null && !key.lastUsedAt().isBefore(at) ? key : key.withLastUsedAt(at));
    return Future.succeededFuture();
  }

  @Override
  public Future<Void> close() {
    return Future.succeededFuture();
  }

  private static <T> Future<T> failure() {
    return Future.failedFuture(new IllegalStateException("key store down (test)"));
  }
}
