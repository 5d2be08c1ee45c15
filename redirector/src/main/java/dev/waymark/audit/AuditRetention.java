package dev.waymark.audit;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the audit log to its retention ({@code WAYMARK_AUDIT_RETENTION}): {@link #removeExpired}
 * drops every entry older than the retention as of the injected clock, and {@link #start} runs it
 * at start and then every {@link #INTERVAL}. The stores do their work off the event loop; the
 * timer only starts it, and never starts a second run while one is under way. A failed run is
 * logged and tried again at the next interval.
 */
public final class AuditRetention {

  /** Entries live at most this much longer than the retention. */
  public static final Duration INTERVAL = Duration.ofHours(1);

  private static final Logger LOG = LoggerFactory.getLogger(AuditRetention.class);

  private final AuditLog log;
  private final Duration retention;
  private final Clock clock;
  private final AtomicBoolean running = new AtomicBoolean();
  private long timer = -1;

  public AuditRetention(AuditLog log, Duration retention, Clock clock) {
    this.log = Objects.requireNonNull(log, "log");
    this.retention = Objects.requireNonNull(retention, "retention");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** Removes every entry older than the retention now; completes with how many it removed (0 while another run is under way). */
  public Future<Long> removeExpired() {
    if (!running.compareAndSet(false, true)) {
      return Future.succeededFuture(0L);
    }
    Instant cutoff = clock.instant().minus(retention);
    Future<Long> removed;
    try {
      removed = log.removeBefore(cutoff);
    } catch (RuntimeException e) {
      removed = Future.failedFuture(e);
    }
    return removed
        .onSuccess(n -> {
          if (n > 0) {
            LOG.info("event=audit_trimmed removed={} before={}", n, cutoff);
          }
        })
        .onFailure(e -> LOG.warn("event=audit_trim_failed before={} error=\"{}\"", cutoff, e.toString()))
        .onComplete(ar -> running.set(false));
  }

  /** Runs {@link #removeExpired} now and every {@link #INTERVAL} until {@link #stop}. */
  public void start(Vertx vertx) {
    removeExpired();
    timer = vertx.setPeriodic(INTERVAL.toMillis(), id -> removeExpired());
  }

  public void stop(Vertx vertx) {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
  }
}
