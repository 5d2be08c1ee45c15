package dev.waymark.bench;

import java.util.Map;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;

/**
 * Counts and latencies of the measured requests of one event loop; written by that loop only,
 * merged into a {@link LoadResult} after the loop has finished.
 */
final class Tally {

  /** Highest latency the histogram tracks exactly; anything longer is clamped to it. */
  static final long MAX_LATENCY_NANOS = 60_000_000_000L;

  final Histogram latency = new Histogram(MAX_LATENCY_NANOS, 3);
  final Map<Integer, Long> statuses = new TreeMap<>();
  final Map<String, Long> errorKinds = new TreeMap<>();
  long sent;
  long redirects;
  long otherStatus;
  long errors;
  long missed;

  void answered(int status, long latencyNanos) {
    statuses.merge(status, 1L, Long::sum);
    if (status >= 300 && status < 400) {
      redirects++;
    } else {
      otherStatus++;
    }
    latency.recordValue(Math.min(Math.max(latencyNanos, 0), MAX_LATENCY_NANOS));
  }

  void failed(Throwable cause) {
    errors++;
    // The class name, not the message: messages carry ports and ids and would never merge.
    errorKinds.merge(cause.getClass().getSimpleName(), 1L, Long::sum);
  }

  void add(Tally other) {
    latency.add(other.latency);
    other.statuses.forEach((k, v) -> statuses.merge(k, v, Long::sum));
    other.errorKinds.forEach((k, v) -> errorKinds.merge(k, v, Long::sum));
    sent += other.sent;
    redirects += other.redirects;
    otherStatus += other.otherStatus;
    errors += other.errors;
    missed += other.missed;
  }
}
