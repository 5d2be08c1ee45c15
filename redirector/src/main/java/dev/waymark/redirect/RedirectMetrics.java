package dev.waymark.redirect;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The public port's meters, created once so the hot path only increments: responses by status
 * and the time from request to response written, as a Prometheus histogram.
 */
final class RedirectMetrics {

  private static final int[] STATUSES = {301, 302, 307, 308, 204, 200, 404, 405, 410, 500, 503};

  private final Counter[] byStatus = new Counter[600];
  private final Counter storeErrors;
  private final Timer latency;

  RedirectMetrics(MeterRegistry registry) {
    for (int status : STATUSES) {
      byStatus[status] = Counter.builder("waymark.redirects")
          .description("Responses on the public port by HTTP status")
          .tag("status", Integer.toString(status))
          .register(registry);
    }
    storeErrors = Counter.builder("waymark.link.store.errors")
        .description("Lookups that failed because the link store did not answer")
        .register(registry);
    latency = Timer.builder("waymark.redirect.latency")
        .description("Time from request to response on the public port")
        .serviceLevelObjectives(
            Duration.ofNanos(20_000), Duration.ofNanos(50_000), Duration.ofNanos(100_000),
            Duration.ofNanos(250_000), Duration.ofNanos(500_000), Duration.ofMillis(1),
            Duration.ofMillis(2), Duration.ofMillis(5), Duration.ofMillis(10),
            Duration.ofMillis(50), Duration.ofMillis(250), Duration.ofSeconds(1))
        .register(registry);
  }

  void answered(int status, long startNanos) {
    byStatus[status].increment();
    latency.record(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS);
  }

  void storeError() {
    storeErrors.increment();
  }
}
