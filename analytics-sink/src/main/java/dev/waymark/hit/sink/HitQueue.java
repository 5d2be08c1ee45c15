package dev.waymark.hit.sink;

import dev.waymark.hit.HitEvent;
import dev.waymark.hit.HitSink;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.jctools.queues.MpscArrayQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bounded hand-off between redirect threads and the sink: {@link #offer} never blocks and
 * never wakes a thread; one sink thread drains the queue in chunks on a short timer.
 *
 * <p>Waking a consumer per hit costs the redirect path dearly (measured in ARCHITECTURE.md at the
 * repository root, "What the hot path costs"); polling every few milliseconds does not, and bounds
 * the added latency of a hit to one interval. Draining often also keeps hits from piling up in the
 * queue, where a young collection would have to copy them: the sink gathers them into its own
 * (compact) batches.
 *
 * <p>When the sink falls behind and the queue is half full, it spills hits (see {@link
 * HitSink#spill}), which costs it a fraction of writing them, until the queue is down to an
 * eighth; while the queue is calm again it catches up on what it spilled. Only a hit offered to a
 * full queue is dropped, and counted: the event loop never waits and never touches a disk.
 */
public final class HitQueue implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(HitQueue.class);

  /** Most hits one drain hands to the sink. */
  public static final int DRAIN_MAX = 8192;
  /** How long the sink thread sleeps when a drain found less than {@link #DRAIN_MAX}. */
  public static final Duration DRAIN_INTERVAL = Duration.ofMillis(5);

  private final MpscArrayQueue<HitEvent> queue;
  private final int maxDrain;
  private final long intervalNanos;
  private final HitSink sink;
  private final Thread drainer;
  private final LongAdder offered = new LongAdder();
  private final LongAdder dropped = new LongAdder();
  private final LongAdder delivered = new LongAdder();
  private final LongAdder failed = new LongAdder();
  private final LongAdder batches = new LongAdder();
  private final LongAdder spilled = new LongAdder();
  private final DropLog dropLog = new DropLog("queue_full");
  private final int spillFrom;
  private final int spillUntil;
  private boolean spilling; // the sink thread's own
  private volatile boolean running = true;

  /**
   * @param maxDrain most hits handed to the sink at once
   * @param drainInterval how long the sink thread sleeps when the queue had fewer
   */
  public HitQueue(int capacity, int maxDrain, Duration drainInterval, HitSink sink) {
    if (capacity < 2 || maxDrain < 1 || drainInterval.isNegative() || drainInterval.isZero()) {
      throw new IllegalArgumentException("capacity >= 2, maxDrain >= 1, drainInterval > 0");
    }
    this.queue = new MpscArrayQueue<>(capacity);
    this.spillFrom = Math.max(1, queue.capacity() / 2);
    this.spillUntil = queue.capacity() / 8;
    this.maxDrain = maxDrain;
    this.intervalNanos = drainInterval.toNanos();
    this.sink = sink;
    this.drainer = new Thread(this::drainLoop, "waymark-hit-drainer");
    this.drainer.setDaemon(true);
  }

  public HitQueue start() {
    drainer.start();
    return this;
  }

  /** Hands a hit over without blocking; false (and counted as dropped) when the queue is full. */
  public boolean offer(HitEvent hit) {
    offered.increment();
    if (queue.offer(hit)) {
      return true;
    }
    dropped.increment();
    return false;
  }

  public int depth() {
    return queue.size();
  }

  public int capacity() {
    return queue.capacity();
  }

  public long offered() {
    return offered.sum();
  }

  public long dropped() {
    return dropped.sum();
  }

  public long delivered() {
    return delivered.sum();
  }

  public long failed() {
    return failed.sum();
  }

  public long batches() {
    return batches.sum();
  }

  /** Hits handed to {@link HitSink#spill} rather than {@link HitSink#write}. */
  public long spilled() {
    return spilled.sum();
  }

  private void drainLoop() {
    List<HitEvent> batch = new ArrayList<>(Math.min(maxDrain, 65_536));
    while (running) {
      int drained = drainOnce(batch);
      flush(sink::flushIfDue);
      if (!spilling && queue.size() < maxDrain) {
        flush(sink::catchUp);
      }
      dropLog.total(dropped.sum());
      if (drained < maxDrain) {
        LockSupport.parkNanos(intervalNanos);
      }
    }
  }

  /** A sink's {@code flushIfDue}, {@code catchUp} or, at the end, {@code flush}; a failure is logged. */
  private static void flush(SinkFlush flush) {
    try {
      flush.run();
    } catch (Exception | LinkageError e) {
      LOG.warn("event=hit_flush_failed error=\"{}\"", e.toString());
    }
  }

  private interface SinkFlush {
    void run() throws Exception;
  }

  private int drainOnce(List<HitEvent> batch) {
    int depth = queue.size();
    if (depth >= spillFrom) {
      spilling = true;
    } else if (depth <= spillUntil) {
      spilling = false;
    }
    int n = queue.drain(batch::add, maxDrain);
    if (n == 0) {
      return 0;
    }
    try {
      if (spilling) {
        sink.spill(batch);
        spilled.add(n);
      } else {
        sink.write(batch);
      }
      delivered.add(n);
    } catch (Exception | LinkageError e) {
      failed.add(n);
      LOG.warn("event=hit_batch_failed hits={} error=\"{}\"", n, e.toString());
    } finally {
      batches.increment();
      batch.clear();
    }
    return n;
  }

  /**
   * Stops the sink thread and hands every hit still queued to the sink before returning. Callers
   * stop offering first (servers closed); a hit offered concurrently may be counted as dropped.
   */
  public void close(Duration timeout) {
    running = false;
    LockSupport.unpark(drainer);
    try {
      drainer.join(timeout.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (drainer.isAlive()) {
      LOG.warn("event=hit_drain_timeout queued={}", queue.size());
      return;
    }
    List<HitEvent> batch = new ArrayList<>();
    while (drainOnce(batch) > 0) {
      // Keep handing over full batches until the queue is empty.
    }
    flush(sink::flush);
    int rest = queue.size();
    if (rest > 0) {
      dropped.add(rest);
    }
    LOG.info("event=hit_queue_closed delivered={} dropped={} failed={}",
        delivered.sum(), dropped.sum(), failed.sum());
  }

  @Override
  public void close() {
    close(Duration.ofSeconds(5));
  }
}
