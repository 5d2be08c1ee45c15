package dev.waymark.hit;

import dev.waymark.hit.clickhouse.ClickHouseException;
import dev.waymark.hit.clickhouse.ClickHouseWriter;
import dev.waymark.hit.clickhouse.Migrations;
import dev.waymark.hit.spool.Spool;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread that moves batches from the spool into ClickHouse, oldest first, one at a time,
 * acking each only after ClickHouse accepted it or was found to hold it already. While ClickHouse
 * is down or slow it retries the same batch with capped exponential backoff; nothing is skipped.
 */
final class SpoolReplayer {

  private static final Logger log = LoggerFactory.getLogger(SpoolReplayer.class);
  private static final long IDLE_PARK_NANOS = 50_000_000L;
  private static final long MIN_BACKOFF_MILLIS = 100;

  private final Spool spool;
  private final ClickHouseWriter writer;
  private final Migrations migrations;
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

  SpoolReplayer(Spool spool, ClickHouseWriter writer, Migrations migrations, Duration maxBackoff) {
    this.spool = spool;
    this.writer = writer;
    this.migrations = migrations;
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
          migrations.migrate();
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
        ClickHouseWriter.Outcome outcome = writer.deliver(batch, mayAlreadyBeIn);
        spool.ack();
        if (outcome != ClickHouseWriter.Outcome.ALREADY_PRESENT) {
          mayAlreadyBeIn = false;
        }
        rows.add(batch.rows());
        batches.increment();
        if (failingSince != 0) {
          log.info("event=clickhouse_recovered down_ms={}", System.currentTimeMillis() - failingSince);
          failingSince = 0;
        }
        available = true;
        backoff = MIN_BACKOFF_MILLIS;
      } catch (ClickHouseException e) {
        mayAlreadyBeIn |= e.outcomeUnknown();
        retries.increment();
        if (failingSince == 0) {
          failingSince = System.currentTimeMillis();
          log.warn("event=clickhouse_unavailable error=\"{}\"", e.getMessage());
        }
        available = false;
        backoff = sleep(backoff);
      } catch (IOException | RuntimeException e) {
        retries.increment();
        log.error("event=spool_read_failed error=\"{}\"", e.toString());
        backoff = sleep(backoff);
      }
    }
    if (!running) {
      log.warn("event=replay_stopped_before_empty reason=shutdown_timeout");
    }
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
