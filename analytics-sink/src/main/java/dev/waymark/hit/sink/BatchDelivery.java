package dev.waymark.hit.sink;

import dev.waymark.hit.EncodedBatch;
import dev.waymark.hit.HitStore;
import dev.waymark.hit.spool.Spool;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread that moves batches into the store (ClickHouse or DuckDB). While the store keeps
 * up, fresh batches come through a small in-memory hand-off and go straight in, with no disk
 * round trip. When the store fails, is slow enough that
 * the hand-off is full, or the service stops, batches go to the spool instead, and the spool is
 * always delivered first, oldest first, each acked only after the store accepted it or was found
 * to hold it already. While the store is down the same batch is retried with capped exponential
 * backoff; nothing is skipped.
 */
final class BatchDelivery {

  private static final Logger LOG = LoggerFactory.getLogger(BatchDelivery.class);
  private static final long IDLE_PARK_NANOS = 50_000_000L;
  private static final long MIN_BACKOFF_MILLIS = 100;
  /** Batches waiting in memory; one being sent plus one ready is enough to keep the store busy. */
  static final int HANDOFF_BATCHES = 2;

  private final Spool spool;
  private final HitStore store;
  private final long maxBackoffMillis;
  private final Thread thread;
  private final ArrayBlockingQueue<EncodedBatch> handoff = new ArrayBlockingQueue<>(HANDOFF_BATCHES);
  private final LongAdder rows = new LongAdder();
  private final LongAdder batches = new LongAdder();
  private final LongAdder retries = new LongAdder();
  private final LongAdder spooled = new LongAdder();
  private final LongAdder deliveryNanos = new LongAdder();
  private final DropLog dropLog = new DropLog("spool_budget_full");
  private volatile boolean running = true;
  private volatile long deadlineNanos = Long.MAX_VALUE;
  private volatile boolean available = true;
  private boolean schemaReady;
  // After a (re)start the first spooled batches may have been inserted by the previous run just
  // before it stopped; spooled batches are sent strictly in order, so the first one found missing
  // ends the doubt. A spooled batch whose insert failed with an unknown outcome raises it again: it
  // stays at the head of the spool. A fresh batch that fails so carries the doubt itself (see
  // the catch below), since batches spooled while it hung are ahead of it in the spool.
  private boolean mayAlreadyBeIn = true;

  BatchDelivery(Spool spool, HitStore store, Duration maxBackoff) {
    this.spool = spool;
    this.store = store;
    this.maxBackoffMillis = Math.max(MIN_BACKOFF_MILLIS, maxBackoff.toMillis());
    this.thread = new Thread(this::loop, "waymark-hit-delivery");
    this.thread.setDaemon(true);
  }

  void start(boolean schemaAlreadyMigrated) {
    this.schemaReady = schemaAlreadyMigrated;
    thread.start();
  }

  /**
   * Takes a fresh batch: straight to the store when its last attempt succeeded, nothing is
   * waiting in the spool and the hand-off has room, else into the spool. Returns false only when the spool's disk budget is
   * full (the spool counts those hits as dropped). Called by the sink thread, one batch at a time.
   */
  boolean submit(EncodedBatch batch) throws IOException {
    if (running && available && spool.pendingBytes() == 0 && handoff.offer(batch)) {
      LockSupport.unpark(thread); // one wake-up per batch, never per hit
      return true;
    }
    return toSpool(batch);
  }

  /** Called after a batch was appended to the spool from outside. */
  void wake() {
    LockSupport.unpark(thread);
  }

  /**
   * Keeps delivering until the spool and the hand-off are empty or the timeout passes, then
   * stops the thread; what could not be delivered by then stays in the spool for the next start.
   */
  void drainAndStop(Duration timeout) {
    deadlineNanos = System.nanoTime() + timeout.toNanos();
    running = false;
    LockSupport.unpark(thread);
    try {
      thread.join(timeout.toMillis() + 5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    // The thread is gone (or stuck in a call past any timeout): keep what is left in memory. A
    // batch whose send was cut short here is checked against the store when it is replayed.
    spillHandoff();
  }

  private boolean pastDeadline() {
    return System.nanoTime() - deadlineNanos > 0;
  }

  private void loop() {
    long backoff = MIN_BACKOFF_MILLIS;
    long failingSince = 0;
    while (!pastDeadline()) {
      EncodedBatch sending = null;
      try {
        if (!schemaReady) {
          store.migrate();
          schemaReady = true;
        }
        EncodedBatch spooledBatch = spool.peek();
        sending = spooledBatch;
        long sendStart = System.nanoTime();
        int delivered;
        if (spooledBatch != null) {
          HitStore.Outcome outcome = store.deliver(spooledBatch, mayAlreadyBeIn || spooledBatch.mayAlreadyBeIn());
          spool.ack();
          if (outcome != HitStore.Outcome.ALREADY_PRESENT) {
            mayAlreadyBeIn = false;
          }
          delivered = spooledBatch.rows();
        } else {
          EncodedBatch fresh = handoff.peek();
          sending = fresh;
          if (fresh == null) {
            if (!running) {
              return; // drained
            }
            LockSupport.parkNanos(IDLE_PARK_NANOS);
            continue;
          }
          store.deliver(fresh, fresh.mayAlreadyBeIn()); // else never sent before: nothing to check
          handoff.poll();
          delivered = fresh.rows();
        }
        deliveryNanos.add(System.nanoTime() - sendStart);
        rows.add(delivered);
        batches.increment();
        if (failingSince != 0) {
          LOG.info("event=hit_store_recovered store={} down_ms={}", store.kind(),
              System.currentTimeMillis() - failingSince);
          failingSince = 0;
        }
        available = true;
        backoff = MIN_BACKOFF_MILLIS;
      } catch (Exception e) {
        // A store's own failure may say whether the batch went in; anything else may have.
        boolean unknown = HitStore.outcomeUnknown(e);
        mayAlreadyBeIn |= unknown;
        if (unknown && sending != null && handoff.peek() == sending) {
          // The fresh batch whose insert may have gone in. While it hung, the sink spooled the
          // batches behind it, and they now precede it in the spool: the first of them found
          // missing would end the shared doubt before this one is retried, so it carries its own.
          handoff.poll();
          spoolOrLog(sending.doubtful());
        }
        // The store is failing (this batch, or the migrations before any): keep what waits in
        // memory on disk instead, in order, and only then let the sink spool what comes next, so
        // a batch it spools lands behind these.
        spillHandoff();
        failingSince = failed(e, failingSince);
        backoff = sleep(backoff);
      }
    }
    if (!running) {
      LOG.warn("event=delivery_stopped_before_empty reason=shutdown_timeout");
    }
  }

  private void spillHandoff() {
    EncodedBatch batch;
    while ((batch = handoff.poll()) != null) {
      spoolOrLog(batch);
    }
  }

  private void spoolOrLog(EncodedBatch batch) {
    try {
      toSpool(batch);
    } catch (IOException e) {
      LOG.error("event=spool_write_failed hits={} error=\"{}\"", batch.rows(), e.toString());
    }
  }

  private boolean toSpool(EncodedBatch batch) throws IOException {
    boolean kept = spool.append(batch); // false = over the disk budget; counted there
    if (kept) {
      spooled.increment();
      LockSupport.unpark(thread);
    } else {
      synchronized (dropLog) { // the sink thread and this one both spool
        dropLog.total(spool.droppedHits());
      }
    }
    return kept;
  }

  /** Counts a failed attempt; logs only the first of a run of failures. */
  private long failed(Exception e, long failingSince) {
    retries.increment();
    available = false;
    if (failingSince != 0) {
      return failingSince;
    }
    LOG.warn("event=hit_store_unavailable store={} error=\"{}\"", store.kind(), e.getMessage());
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

  /** Time spent in successful deliveries, summed: with {@link #batches} the mean latency. */
  long deliveryNanos() {
    return deliveryNanos.sum();
  }

  /** Batches that went through the spool rather than straight to the store. */
  long spooledBatches() {
    return spooled.sum();
  }

  /** Hits in memory waiting for the store (at most {@value #HANDOFF_BATCHES} batches). */
  int handoffHits() {
    int n = 0;
    for (EncodedBatch b : handoff) {
      n += b.rows();
    }
    return n;
  }

  boolean available() {
    return available;
  }

  /** True when the last attempt succeeded and nothing waits in the spool: room for deferred work. */
  boolean caughtUp() {
    return available && spool.pendingBytes() == 0;
  }
}
