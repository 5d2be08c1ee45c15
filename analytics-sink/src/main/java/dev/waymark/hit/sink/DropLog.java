package dev.waymark.hit.sink;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs lost hits at most once a minute, with the count since the last line: a flood of drops
 * must not become a flood of log lines. The metrics count every one. One caller thread each.
 */
final class DropLog {

  private static final Logger LOG = LoggerFactory.getLogger(DropLog.class);
  private static final long INTERVAL_NANOS = 60_000_000_000L;

  private final String reason;
  private long reported;
  private long lastLogNanos = System.nanoTime() - INTERVAL_NANOS;

  DropLog(String reason) {
    this.reason = reason;
  }

  /** Called with the running total of drops; logs when it grew and a minute has passed. */
  void total(long dropped) {
    long now = System.nanoTime();
    if (dropped > reported && now - lastLogNanos >= INTERVAL_NANOS) {
      LOG.warn("event=hits_dropped reason={} hits={} total={}", reason, dropped - reported, dropped);
      reported = dropped;
      lastLogNanos = now;
    }
  }
}
