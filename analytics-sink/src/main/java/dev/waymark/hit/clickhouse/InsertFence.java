package dev.waymark.hit.clickhouse;

import java.time.Duration;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;

/**
 * Guarantees that when {@link #await} returns, no earlier attempt of an insert (recognised by
 * its {@code query_id}) is running on the server, and, after a doubt about the server (an
 * exchange that got no answer), that the server has reported so for a settle time: a request that
 * sat in its socket buffers while it was paused is picked up within that time and shows in
 * {@code system.processes}. Only then may the rows of the batch be counted. An attempt that runs
 * past a bound is killed by its {@code query_id}; one that outlives the kill makes {@link #await}
 * fail with an unknown outcome, so the caller tries again later. One caller at a time.
 */
final class InsertFence {

  /** The two questions the fence asks the server. */
  interface Server {

    /** How many queries with this id are running now. */
    int running(String queryId) throws ClickHouseException;

    /** Asks the server to cancel the queries with this id; does not wait for them to end. */
    void kill(String queryId) throws ClickHouseException;
  }

  /**
   * @param settle how long the server must report "not running" after a doubt before counting
   * @param killAfter how long an earlier attempt may keep running before it is killed
   * @param giveUpAfter how long to wait, killing included, before failing with an unknown outcome
   * @param poll pause between two questions
   */
  record Timing(Duration settle, Duration killAfter, Duration giveUpAfter, Duration poll) {

    /** The defaults for a given request timeout: the client gave up on the attempt at that point. */
    static Timing forRequestTimeout(Duration requestTimeout) {
      return new Timing(Duration.ofSeconds(1), requestTimeout, requestTimeout.multipliedBy(2),
          Duration.ofMillis(50));
    }
  }

  private final Server server;
  private final Timing timing;
  private final LongSupplier nanoTime;
  private final LongConsumer sleepNanos;
  private final LongAdder waits = new LongAdder();
  private final LongAdder kills = new LongAdder();

  InsertFence(Server server, Timing timing) {
    this(server, timing, System::nanoTime, LockSupport::parkNanos);
  }

  InsertFence(Server server, Timing timing, LongSupplier nanoTime,
      LongConsumer sleepNanos) {
    this.server = server;
    this.timing = timing;
    this.nanoTime = nanoTime;
    this.sleepNanos = sleepNanos;
  }

  /**
   * Returns once no query {@code queryId} runs (for {@link Timing#settle} of answers in a row
   * when {@code settle} is set). Throws when the server cannot be asked, or with
   * {@link ClickHouseException#outcomeUnknown()} when the attempt outlived its kill.
   */
  void await(String queryId, boolean settle) throws ClickHouseException {
    long start = nanoTime.getAsLong();
    long clearSince = Long.MIN_VALUE;
    boolean waited = false;
    boolean killed = false;
    while (true) {
      long now = nanoTime.getAsLong();
      if (server.running(queryId) > 0) {
        clearSince = Long.MIN_VALUE;
        if (!waited) {
          waits.increment();
          waited = true;
        }
        long runningFor = now - start;
        if (runningFor >= timing.giveUpAfter().toNanos()) {
          throw new ClickHouseException("insert " + queryId + " still running after "
              + timing.giveUpAfter().toMillis() + " ms and a kill; its outcome is unknown", 0, true, null);
        }
        if (!killed && runningFor >= timing.killAfter().toNanos()) {
          server.kill(queryId);
          kills.increment();
          killed = true;
        }
      } else {
        if (clearSince == Long.MIN_VALUE) {
          clearSince = now;
        }
        if (!settle || now - clearSince >= timing.settle().toNanos()) {
          return;
        }
      }
      sleepNanos.accept(timing.poll().toNanos());
    }
  }

  /** Fences that found an earlier attempt of the insert still running and waited for it. */
  long waits() {
    return waits.sum();
  }

  /** Earlier attempts killed by their query id because they ran past the bound. */
  long kills() {
    return kills.sum();
  }
}
