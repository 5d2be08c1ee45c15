package dev.waymark.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.waymark.TestRedis;
import dev.waymark.routing.HitCountStore.HitCount;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link RedisHitCaps} on a real Redis: several redirectors (instances in this JVM, each with its own
 * connection and flusher) hammer one limit at once. The overshoot is checked against the bound its
 * Javadoc states, computed from what this run recorded, so the check holds however the threads are
 * scheduled; each implementation (single Redis, cluster) extends this with its Redis.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
abstract class RedisHitCapsContract {

  static final long MAX = 5_000;
  static final int REDIRECTORS = 2;
  static final int THREADS = 8;
  /** Between one thread's takes: about 1,000 a second a thread, 8,000 a redirector. */
  static final Duration PACE = Duration.ofMillis(1);

  protected Vertx vertx;
  private final List<RedisHitCaps> opened = new ArrayList<>();

  abstract TestRedis redis();

  @BeforeEach
  void startVertx() {
    vertx = Vertx.vertx();
  }

  @AfterEach
  void closeAll() throws Exception {
    try {
      for (RedisHitCaps caps : opened) {
        get(caps.close());
      }
    } finally {
      get(vertx.close());
    }
  }

  @Test
  void redirectorsHammeringOneLimit_takeAtLeastMax_overshootWithinTheBound_andRedisCountsEachOnce() throws Exception {
    String code = "cap-" + System.nanoTime();
    List<Redirector> redirectors = new ArrayList<>();
    for (int r = 0; r < REDIRECTORS; r++) {
      Recording store = new Recording(get(RedisHitCounts.connect(vertx, redis().url())));
      redirectors.add(new Redirector(code, store, opened(store, RedisHitCaps.INTERVAL).start()));
    }
    CyclicBarrier start = new CyclicBarrier(REDIRECTORS * THREADS);
    List<Thread> threads = new ArrayList<>();
    long began = System.nanoTime();
    for (Redirector redirector : redirectors) {
      for (int t = 0; t < THREADS; t++) {
        Thread thread = new Thread(() -> redirector.hammer(start), "taker");
        threads.add(thread);
        thread.start();
      }
    }
    for (Thread thread : threads) {
      thread.join();
    }
    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began);
    for (Redirector redirector : redirectors) {
      get(redirector.caps.close());
    }

    long accepted = redirectors.stream().mapToLong(r -> r.accepted.get()).sum();
    long bound = overshootBound(redirectors);
    System.out.printf("hit-caps %s: %d redirectors x %d threads, limit %d: %d accepted (%s), overshoot %d,"
            + " bound from this run %d, %d ms, syncs %s%n", getClass().getSimpleName(), REDIRECTORS, THREADS, MAX,
        accepted, redirectors.stream().map(r -> Long.toString(r.accepted.get())).toList(), accepted - MAX, bound,
        millis, redirectors.stream().map(r -> r.store.syncs.size()).toList());
    assertThat(accepted).as("a refusal means the limit was reached").isGreaterThanOrEqualTo(MAX);
    assertThat(accepted - MAX).isLessThanOrEqualTo(bound);
    assertThat(redis().admin().hget(RedisHitCounts.key(code), "total")).isEqualTo(Long.toString(accepted));
    assertThat(redis().admin().hkeys(RedisHitCounts.key(code))).as("counters retired at close").containsExactly("total");
  }

  @Test
  void redisUnreachable_takesGoOn_andTheCountsReachRedisOnceWhenItAnswers() throws Exception {
    String code = "cap-" + System.nanoTime();
    // Not started: the test runs the rounds.
    RedisHitCaps other = opened(get(RedisHitCounts.connect(vertx, redis().url())), Duration.ofHours(1));
    Gate gate = new Gate(get(RedisHitCounts.connect(vertx, redis().url())));
    RedisHitCaps caps = opened(gate, Duration.ofHours(1));
    IntStream.range(0, 3).forEach(i -> caps.take(code, 10));
    caps.round();
    gate.mode = Gate.Mode.DOWN;
    IntStream.range(0, 2).forEach(i -> assertThat(caps.take(code, 10)).isTrue());
    caps.round();
    gate.mode = Gate.Mode.ANSWER_LOST; // applied by Redis, but the answer never came
    caps.take(code, 10);
    caps.round();
    gate.mode = Gate.Mode.UP;

    caps.round();

    assertThat(redis().admin().hget(RedisHitCounts.key(code), "total")).isEqualTo("6");
    IntStream.range(0, 4).forEach(i -> assertThat(other.take(code, 10)).isTrue());
    other.round();
    assertThat(other.take(code, 10)).as("the other redirector sees all 6").isFalse();
  }

  private RedisHitCaps opened(HitCountStore store, Duration interval) {
    RedisHitCaps caps = new RedisHitCaps(store, new SecureRandom(), interval, RedisHitCaps.IDLE, System::nanoTime);
    opened.add(caps);
    return caps;
  }

  /**
   * The bound of the Javadoc: if redirector {@code i} accepted the last hit, deciding from a sync
   * {@code S}, the overshoot is at most what each other {@code j} accepted beyond the count its last
   * sync applied before {@code S} had sent. Which sync {@code S} was is not recorded, but its total
   * was at least the total each of {@code i}'s threads read before its own last accepted hit, and a
   * sync of {@code j} that answered a total no higher than that was applied before {@code S}. Which
   * redirector took the last hit is not known either: the largest bound of them all holds.
   */
  private static long overshootBound(List<Redirector> redirectors) {
    long bound = 0;
    for (Redirector last : redirectors) {
      if (last.accepted.get() == 0) {
        continue;
      }
      long seen = last.lastKnown.stream().mapToLong(Long::longValue).min().orElse(0);
      long unseen = 0;
      for (Redirector other : redirectors) {
        if (other != last) {
          unseen += other.accepted.get() - other.store.countAppliedByTotal(seen);
        }
      }
      bound = Math.max(bound, unseen);
    }
    return bound;
  }

  /** One redirector: its caps, its recorded syncs, and what its threads took. */
  private static final class Redirector {
    final String code;
    final RedisHitCaps caps;
    final Recording store;
    final AtomicLong accepted = new AtomicLong();
    /** Per thread that took any: the known total it read before its last accepted take. */
    final List<Long> lastKnown = new CopyOnWriteArrayList<>();

    Redirector(String code, Recording store, RedisHitCaps caps) {
      this.code = code;
      this.store = store;
      this.caps = caps;
    }

    void hammer(CyclicBarrier start) {
      try {
        start.await();
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
      long last = -1;
      while (true) {
        long known = caps.knownTotal(code);
        if (!caps.take(code, MAX)) {
          break;
        }
        accepted.incrementAndGet();
        last = known;
        LockSupport.parkNanos(PACE.toNanos());
      }
      if (last >= 0) {
        lastKnown.add(last);
      }
    }
  }

  /** The real store, with each answered sync of one redirector recorded: the count it sent, the total it got. */
  private static final class Recording implements HitCountStore {
    private final HitCountStore real;
    final List<long[]> syncs = new CopyOnWriteArrayList<>();

    Recording(HitCountStore real) {
      this.real = real;
    }

    @Override
    public List<Long> sync(List<HitCount> counts) throws Exception {
      List<Long> totals = real.sync(counts);
      for (int i = 0; i < counts.size(); i++) {
        syncs.add(new long[] {counts.get(i).count(), totals.get(i)});
      }
      return totals;
    }

    /** The most this redirector had sent in a sync Redis applied before any that answered {@code total} or more. */
    long countAppliedByTotal(long total) {
      return syncs.stream().filter(s -> s[1] <= total).mapToLong(s -> s[0]).max().orElse(0);
    }

    @Override
    public void retire(List<HitCount> counts) throws Exception {
      real.retire(counts);
    }

    @Override
    public Future<Void> close() {
      return real.close();
    }
  }

  /** The real store behind a switch: down (nothing sent), or the answer lost after Redis applied the call. */
  private static final class Gate implements HitCountStore {
    enum Mode { UP, DOWN, ANSWER_LOST }

    private final HitCountStore real;
    volatile Mode mode = Mode.UP;

    Gate(HitCountStore real) {
      this.real = real;
    }

    @Override
    public List<Long> sync(List<HitCount> counts) throws Exception {
      if (mode == Mode.DOWN) {
        throw new IllegalStateException("Redis unreachable");
      }
      List<Long> totals = real.sync(counts);
      if (mode == Mode.ANSWER_LOST) {
        throw new IllegalStateException("command timed out");
      }
      return totals;
    }

    @Override
    public void retire(List<HitCount> counts) throws Exception {
      if (mode != Mode.UP) {
        throw new IllegalStateException("Redis unreachable");
      }
      real.retire(counts);
    }

    @Override
    public Future<Void> close() {
      return real.close();
    }
  }

  static <T> T get(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }
}
