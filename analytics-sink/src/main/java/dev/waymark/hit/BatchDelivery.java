package dev.waymark.hit;

import dev.waymark.hit.clickhouse.ClickHouseException;
import dev.waymark.hit.spool.Spool;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread that moves batches from the spool into the store (ClickHouse or DuckDB), oldest
 * first, one at a time, acking each only after the store accepted it or was found to hold it
 * already. While the store is down or slow it retries the same batch with capped exponential
 * backoff; nothing is skipped.
 */
final class SpoolReplayer {

  private static final Logger log = LoggerFactory.getLogger(SpoolReplayer.class);
  private static final long IDLE_PARK_NANOS = 50_000_000L;
  private static final long MIN_BACKOFF_MILLIS = 100;

  private final Spool spool;
  private final HitStore store;
  private final long maxBackoffMillis;
  private final Thread thread;
  private final LongAdder rows = new LongAdder();
  private final LongAdder batches = new LongAdder();
  private final LongAdder retries = new LongAdder();
  private volatile boolean running = true;
  private volatile long deadlineNanos = Long.MAX_VALUE;
  private volatile boolean available = true;
  private boolean schemaReady;
  // After a (re)start the first batches may have been inserted by the previous run just before
  // it stopped; batches are sent strictly in order, so the first one found missing ends the doubt.
  private boolean mayAlreadyBeIn = true;

  SpoolReplayer(Spool spool, HitStore store, Duration maxBackoff) {
    this.spool = spool;
    this.store = store;
    this.maxBackoffMillis = Math.max(MIN_BACKOFF_MILLIS, maxBackoff.toMillis());
    this.thread = new Thread(this::loop, "waymark-hit-replay");
    this.thread.setDaemon(true);
  }

  void start(boolean schemaAlreadyMigrated) {
    this.schemaReady = schemaAlreadyMigrated;
    thread.start();
  }

  /** Called after an append: one wake-up per batch, never per hit. */
  void wake() {
    LockSupport.unpark(thread);
  }

  /** Keeps delivering until the spool is empty or the timeout passes, then stops the thread. */
  void drainAndStop(Duration timeout) {
    deadlineNanos = System.nanoTime() + timeout.toNanos();
    running = false;
    LockSupport.unpark(thread);
    try {
      thread.join(timeout.toMillis() + 5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private boolean pastDeadline() {
    return System.nanoTime() - deadlineNanos > 0;
  }

  private void loop() {
    long backoff = MIN_BACKOFF_MILLIS;
    long failingSince = 0;
    while (!pastDeadline()) {
      try {
        if (!schemaReady) {
          store.migrate();
          schemaReady = true;
        }
        EncodedBatch batch = spool.peek();
        if (batch == null) {
          if (!running) {
            return; // drained
          }
          LockSupport.parkNanos(IDLE_PARK_NANOS);
          continue;
        }
        HitStore.Outcome outcome = store.deliver(batch, mayAlreadyBeIn);
        spool.ack();
        if (outcome != HitStore.Outcome.ALREADY_PRESENT) {
          mayAlreadyBeIn = false;
        }
        rows.add(batch.rows());
        batches.increment();
        if (failingSince != 0) {
          log.info("event=hit_store_recovered store={} down_ms={}", store.kind(),
              System.currentTimeMillis() - failingSince);
          failingSince = 0;
        }
        available = true;
        backoff = MIN_BACKOFF_MILLIS;
      } catch (IOException e) {
        if (e instanceof ClickHouseException) {
          mayAlreadyBeIn |= ((ClickHouseException) e).outcomeUnknown();
        }
        failingSince = failed(e, failingSince);
        backoff = sleep(backoff);
      } catch (Exception e) {
        // Not a ClickHouse answer we understand (e.g. an embedded store's error): assume the worst.
        mayAlreadyBeIn = true;
        failingSince = failed(e, failingSince);
        backoff = sleep(backoff);
      }
    }
    if (!running) {
      log.warn("event=replay_stopped_before_empty reason=shutdown_timeout");
    }
  }

  /** Counts a failed attempt; logs only the first of a run of failures. */
  private long failed(Exception e, long failingSince) {
    retries.increment();
    available = false;
    if (failingSince != 0) {
      return failingSince;
    }
    log.warn("event=hit_store_unavailable store={} error=\"{}\"", store.kind(), e.getMessage());
    return System.currentTimeMillis();
  }

  /** Sleeps the backoff (with jitter, never past the deadline) and returns the next one. */
  private long sleep(long backoffMillis) {
    long jittered = backoffMillis / 2 + ThreadLocalRandom.current().nextLong(backoffMillis / 2 + 1);
    long nanos = jittered * 1_000_000L;
    if (deadlineNanos != Long.MAX_VALUE) {
      nanos = Math.min(nanos, Math.max(0, deadlineNanos - System.nanoTime()));
    }
    LockSupport.parkNanos(nanos);
    return Math.min(backoffMillis * 2, maxBackoffMillis);
  }

  long rows() {
    return rows.sum();
  }

  long batches() {
    return batches.sum();
  }

  long retries() {
    return retries.sum();
  }

  boolean available() {
    return available;
  }
}
