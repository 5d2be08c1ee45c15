package dev.waymark.bench;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What one load run does: where it aims, how it paces requests, and for how long.
 *
 * @param rate requests per second in open loop; ignored in closed loop
 * @param maxRequests measured requests after which the run ends early; 0 means no bound
 * @param sequential every code in turn instead of Zipf draws: to fill a cache, not to measure
 */
public record LoadPlan(
    String host,
    int port,
    Mode mode,
    int connections,
    double rate,
    Duration warmup,
    Duration duration,
    long maxRequests,
    Duration timeout,
    int threads,
    List<String> codes,
    double zipfExponent,
    boolean sequential,
    long seed) {

  /** How requests are paced. */
  public enum Mode {
    /** Every connection sends its next request as soon as the previous answer is in. */
    CLOSED,
    /** Requests are due at a constant rate; latency counts from when each was due. */
    OPEN
  }

  public LoadPlan {
    Loopback.require(host);
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(warmup, "warmup");
    Objects.requireNonNull(duration, "duration");
    Objects.requireNonNull(timeout, "timeout");
    codes = List.copyOf(codes);
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port out of range: " + port);
    }
    if (connections < 1) {
      throw new IllegalArgumentException("need at least one connection");
    }
    if (threads < 1 || threads > connections) {
      throw new IllegalArgumentException("threads must be between 1 and the connection count");
    }
    if (mode == Mode.OPEN && !(rate > 0)) {
      throw new IllegalArgumentException("open loop needs a rate > 0");
    }
    if (duration.isZero() || duration.isNegative() || warmup.isNegative()) {
      throw new IllegalArgumentException("duration must be > 0 and warm-up >= 0");
    }
    if (maxRequests < 0) {
      throw new IllegalArgumentException("maxRequests must be >= 0");
    }
    if (codes.isEmpty()) {
      throw new IllegalArgumentException("need at least one code");
    }
  }
}
