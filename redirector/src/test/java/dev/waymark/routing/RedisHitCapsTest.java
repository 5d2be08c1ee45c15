package dev.waymark.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.waymark.routing.HitCountStore.HitCount;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The counting and syncing of {@link RedisHitCaps} against a store in memory that follows the Redis
 * script's rules, with rounds run by the test; the real Redis is in {@link RedisHitCapsIT}.
 */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class RedisHitCapsTest {

  private static final Duration IDLE = Duration.ofMinutes(2);

  private final FakeCounts store = new FakeCounts();
  private final AtomicLong nanos = new AtomicLong();
  private final SplittableRandom random = new SplittableRandom(7);

  private RedisHitCaps caps() {
    return new RedisHitCaps(store, random.split(), Duration.ofMillis(50), IDLE, nanos::get);
  }

  @Test
  void take_withoutAnySync_allowsExactlyMax() {
    RedisHitCaps caps = caps();

    long taken = IntStream.range(0, 10).filter(i -> caps.take("promo", 4)).count();

    assertThat(taken).isEqualTo(4);
    assertThat(store.total("promo")).isZero();
  }

  @Test
  void round_sendsRunningCounts_andEachProcessSeesTheOthers() {
    RedisHitCaps a = caps();
    RedisHitCaps b = caps();
    IntStream.range(0, 3).forEach(i -> a.take("promo", 5));
    a.round();
    b.take("promo", 5);
    b.round();

    assertThat(store.total("promo")).isEqualTo(4);
    assertThat(b.knownTotal("promo")).isEqualTo(4);
    assertThat(b.take("promo", 5)).isTrue();
    assertThat(b.take("promo", 5)).isFalse();
    a.round();
    assertThat(a.take("promo", 5)).as("4 sent by a and b, 1 pending in b not yet seen by a").isTrue();
  }

  @Test
  void round_nothingPending_sendsNothing() {
    RedisHitCaps caps = caps();
    caps.take("promo", 5);
    caps.round();
    int calls = store.syncCalls;

    caps.round();
    caps.round();

    assertThat(store.syncCalls).isEqualTo(calls);
  }

  @Test
  void storeDown_takesKeepCounting_andTheCountIsReconciledOnceWhenBack() {
    RedisHitCaps caps = caps();
    caps.take("promo", 100);
    caps.round();
    store.down = true;
    IntStream.range(0, 5).forEach(i -> assertThat(caps.take("promo", 100)).isTrue());
    caps.round();
    caps.round();
    store.down = false;

    caps.round();

    assertThat(store.total("promo")).isEqualTo(6);
    assertThat(caps.knownTotal("promo")).isEqualTo(6);
  }

  @Test
  void syncAppliedButUnanswered_isSentAgain_andCountedOnce() {
    RedisHitCaps caps = caps();
    IntStream.range(0, 3).forEach(i -> caps.take("promo", 100));
    store.applyThenFail = true;
    caps.round();
    store.applyThenFail = false;
    caps.take("promo", 100);

    caps.round();

    assertThat(store.total("promo")).isEqualTo(4);
  }

  @Test
  void takeOfANewCode_orOneNotSyncedInTheLastTwoRounds_asksForARoundAtOnce() {
    RedisHitCaps caps = caps();
    caps.take("promo", 100);
    assertThat(caps.roundRequested()).as("never synced").isTrue();
    caps.round();
    caps.take("promo", 100);
    assertThat(caps.roundRequested()).as("synced in the last round").isFalse();
    caps.round(); // sends that take
    caps.round();
    caps.round();

    caps.take("promo", 100);

    assertThat(caps.roundRequested()).isTrue();
  }

  @Test
  void nearTheLimit_everyTakeAsksForARound_farFromItNone() {
    RedisHitCaps caps = caps();
    caps.take("far", 1_000);
    caps.take("near", 40);
    caps.round();
    IntStream.range(0, 10).forEach(i -> {
      caps.take("far", 1_000);
      caps.take("near", 40);
    });
    nanos.addAndGet(Duration.ofMillis(50).toNanos());
    caps.round(); // 10 an interval; "near" then has 29 left, under 3 intervals' worth

    caps.take("far", 1_000);
    assertThat(caps.roundRequested()).isFalse();
    caps.take("near", 30);
    assertThat(caps.roundRequested()).isTrue();
  }

  @Test
  void idleCode_isDroppedAfterItsLastSync_withItsCounterRetired_andTheTotalKept() {
    RedisHitCaps caps = caps();
    IntStream.range(0, 3).forEach(i -> caps.take("promo", 3));
    caps.round();
    nanos.addAndGet(IDLE.toNanos() + 1);

    caps.round();
    int calls = store.syncCalls;
    caps.round();

    assertThat(store.fields("promo")).containsOnlyKeys("total");
    assertThat(store.total("promo")).isEqualTo(3);
    assertThat(store.syncCalls).isEqualTo(calls);
    assertThat(caps.take("promo", 4)).isTrue();
    caps.round();
    assertThat(store.total("promo")).isEqualTo(4);
  }

  @Test
  void codeAtItsLimit_stillAskedFor_isNotDropped() {
    RedisHitCaps caps = caps();
    IntStream.range(0, 3).forEach(i -> caps.take("promo", 3));
    caps.round();
    nanos.addAndGet(IDLE.toNanos() / 2);
    assertThat(caps.take("promo", 3)).isFalse();
    caps.round();
    nanos.addAndGet(IDLE.toNanos() / 2 + 1);

    caps.round();

    assertThat(store.fields("promo")).hasSize(2);
    assertThat(caps.take("promo", 3)).isFalse();
  }

  @Test
  void idleCode_withHitsPending_isNotDropped() {
    RedisHitCaps caps = caps();
    caps.take("promo", 10);
    store.down = true;
    caps.round();
    nanos.addAndGet(IDLE.toNanos() + 1);
    caps.round();
    store.down = false;

    caps.round();

    assertThat(store.total("promo")).isEqualTo(1);
  }

  @Test
  void close_sendsWhatIsPending_andRetiresItsCounters() throws Exception {
    RedisHitCaps caps = new RedisHitCaps(store, random.split(), Duration.ofHours(1), IDLE, System::nanoTime).start();
    IntStream.range(0, 7).forEach(i -> caps.take("promo", 100));

    caps.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);

    assertThat(store.total("promo")).isEqualTo(7);
    assertThat(store.fields("promo")).containsOnlyKeys("total");
    assertThat(store.closed).isTrue();
  }

  /** The rules of RedisHitCounts' scripts, in memory; {@code down} fails every call. */
  private static final class FakeCounts implements HitCountStore {
    final Map<String, Map<String, Long>> hashes = new HashMap<>();
    volatile boolean down;
    volatile boolean applyThenFail;
    volatile boolean closed;
    int syncCalls;

    @Override
    public synchronized List<Long> sync(List<HitCount> counts) throws Exception {
      syncCalls++;
      if (down) {
        throw new IllegalStateException("store down");
      }
      List<Long> totals = new ArrayList<>();
      for (HitCount count : counts) {
        Map<String, Long> hash = hashes.computeIfAbsent(count.code(), c -> new HashMap<>());
        long before = hash.getOrDefault(count.field(), 0L);
        if (count.count() > before) {
          hash.put(count.field(), count.count());
          hash.merge("total", count.count() - before, Long::sum);
        }
        totals.add(hash.getOrDefault("total", 0L));
      }
      if (applyThenFail) {
        throw new IllegalStateException("timed out");
      }
      return totals;
    }

    @Override
    public synchronized void retire(List<HitCount> counts) throws Exception {
      if (down) {
        throw new IllegalStateException("store down");
      }
      counts.forEach(count -> hashes.get(count.code()).remove(count.field()));
    }

    @Override
    public Future<Void> close() {
      closed = true;
      return Future.succeededFuture();
    }

    synchronized long total(String code) {
      return hashes.getOrDefault(code, Map.of()).getOrDefault("total", 0L);
    }

    synchronized Map<String, Long> fields(String code) {
      return Map.copyOf(hashes.getOrDefault(code, Map.of()));
    }
  }
}
