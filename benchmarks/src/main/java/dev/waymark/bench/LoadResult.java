package dev.waymark.bench;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * What a load run measured, inside its measured window only (warm-up excluded).
 *
 * @param sent requests sent in the window
 * @param redirects answers with a 3xx status
 * @param otherStatus answers with any other status (404, 5xx...)
 * @param errors requests that got no answer (connection failures, time-outs, still open at the end)
 * @param missed open loop only: due in the window but never sent because every connection was busy
 * @param latency answered requests, in nanoseconds; in open loop counted from when each was due
 */
public record LoadResult(
    LoadPlan.Mode mode,
    int connections,
    double targetRate,
    Duration window,
    long sent,
    long redirects,
    long otherStatus,
    long errors,
    long missed,
    Map<Integer, Long> statuses,
    Map<String, Long> errorKinds,
    Histogram latency) {

  static final double[] PERCENTILES = {50, 90, 99, 99.9};

  public LoadResult {
    statuses = Map.copyOf(statuses);
    errorKinds = Map.copyOf(errorKinds);
  }

  /** Answers of any status. */
  public long responses() {
    return redirects + otherStatus;
  }

  /** Answers per second over the measured window. */
  public double throughput() {
    return responses() / (window.toNanos() / 1e9);
  }

  /** A latency percentile in milliseconds. */
  public double latencyMillis(double percentile) {
    return latency.getValueAtPercentile(percentile) / 1e6;
  }

  public double maxLatencyMillis() {
    return latency.getMaxValue() / 1e6;
  }

  /** One JSON object with everything a report needs, latencies in milliseconds. */
  public JsonObject toJson() {
    JsonObject percentiles = new JsonObject();
    for (double p : PERCENTILES) {
      percentiles.put("p" + trim(p), latencyMillis(p));
    }
    percentiles.put("max", maxLatencyMillis());
    JsonObject statusCounts = new JsonObject();
    statuses.forEach((status, count) -> statusCounts.put(String.valueOf(status), count));
    JsonObject errorCounts = new JsonObject();
    errorKinds.forEach(errorCounts::put);
    return new JsonObject()
        .put("mode", mode.name().toLowerCase(Locale.ROOT))
        .put("connections", connections)
        .put("targetRate", mode == LoadPlan.Mode.OPEN ? targetRate : null)
        .put("windowSeconds", window.toNanos() / 1e9)
        .put("sent", sent)
        .put("responses", responses())
        .put("redirects", redirects)
        .put("otherStatus", otherStatus)
        .put("errors", errors)
        .put("missed", missed)
        .put("throughput", Math.round(throughput() * 10) / 10.0)
        .put("latencyMs", percentiles)
        .put("latencySamples", latency.getTotalCount())
        .put("statuses", statusCounts)
        .put("errorKinds", errorCounts);
  }

  /** A few lines for a person at a terminal. */
  public String summary() {
    StringBuilder out = new StringBuilder();
    out.append(String.format(Locale.ROOT, "%s loop, %d connections%s, %.1f s measured%n",
        mode == LoadPlan.Mode.OPEN ? "Open" : "Closed", connections,
        mode == LoadPlan.Mode.OPEN ? String.format(Locale.ROOT, ", target %.0f req/s", targetRate) : "",
        window.toNanos() / 1e9));
    out.append(String.format(Locale.ROOT, "  throughput  %.0f req/s%n", throughput()));
    out.append(String.format(Locale.ROOT,
        "  requests    sent %d, answered %d (3xx %d, other %d), errors %d, missed %d%n",
        sent, responses(), redirects, otherStatus, errors, missed));
    out.append("  latency ms ");
    for (double p : PERCENTILES) {
      out.append(String.format(Locale.ROOT, " p%s %.3f", trim(p), latencyMillis(p)));
    }
    out.append(String.format(Locale.ROOT, "  max %.3f%n", maxLatencyMillis()));
    if (!statuses.isEmpty()) {
      out.append("  statuses    ").append(statuses).append(System.lineSeparator());
    }
    if (!errorKinds.isEmpty()) {
      out.append("  errors      ").append(errorKinds).append(System.lineSeparator());
    }
    return out.toString();
  }

  private static String trim(double p) {
    return p == Math.rint(p) ? String.valueOf((long) p) : String.valueOf(p);
  }
}
