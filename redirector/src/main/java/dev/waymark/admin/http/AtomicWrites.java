package dev.waymark.admin.http;

import dev.waymark.audit.AuditRecorder;
import dev.waymark.audit.AuditTarget;
import dev.waymark.concurrent.ContendedException;
import dev.waymark.concurrent.KeyedSequence;
import dev.waymark.concurrent.OptimisticUpdate;
import dev.waymark.link.Link;
import dev.waymark.problem.ProblemException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * The one way admin handlers change a stored link, touchpoint, brand or campaign's settings, so that no change is lost:
 * writes of one object queue behind each other in this process, and each applies its change to
 * the current object by compare-and-set, re-reading and re-applying when another process wrote
 * first. After {@link #ATTEMPTS} lost attempts the answer is 409 {@code contended} with
 * {@code Retry-After}, never 503: 503 stays for a store that fails. Retries and contended writes
 * are counted ({@code waymark_admin_write_retries_total}, {@code waymark_admin_write_contended_total}).
 * Every change that was written is then recorded in the audit log (the object as the API shows it
 * before and after the swap that won) before the future completes; see {@link AuditRecorder} for
 * what happens when that fails.
 */
public final class AtomicWrites {

  /** What is written: the metric tag and the key space of the queue. */
  public enum Kind {
    // Links and touchpoints share one code space, so they share one queue per code.
    LINK(AuditTarget.LINK, "link:"), TOUCHPOINT(AuditTarget.TOUCHPOINT, "link:"), BRAND(AuditTarget.BRAND, "brand:"),
    CAMPAIGN(AuditTarget.CAMPAIGN, "campaign:");

    final AuditTarget target;
    final String queuePrefix;

    Kind(AuditTarget target, String queuePrefix) {
      this.target = target;
      this.queuePrefix = queuePrefix;
    }

    String tag() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * Attempts per write. Writes from this process never race each other (they queue), so a lost
   * attempt means another instance wrote the same object in between: eight in a row means it is
   * being rewritten in a loop.
   */
  public static final int ATTEMPTS = 8;

  private final KeyedSequence queue = new KeyedSequence();
  private final Map<Kind, OptimisticUpdate> updates = new EnumMap<>(Kind.class);
  private final AuditRecorder audit;
  private final UnaryOperator<Object> auditView;

  /**
   * @param auditView a stored link, touchpoint or brand as the admin API shows it, which is what
   *     the audit log records of it
   */
  public AtomicWrites(Vertx vertx, MeterRegistry registry, AuditRecorder audit, UnaryOperator<Object> auditView) {
    this.audit = audit;
    this.auditView = auditView;
    for (Kind kind : Kind.values()) {
      Counter retries = Counter.builder("waymark.admin.write.retries").tag("kind", kind.tag())
          .description("Compare-and-set attempts of admin writes lost to a concurrent write, then retried")
          .register(registry);
      Counter contended = Counter.builder("waymark.admin.write.contended").tag("kind", kind.tag())
          .description("Admin writes answered 409 contended after losing every attempt; nothing written")
          .register(registry);
      updates.put(kind, new OptimisticUpdate(vertx, ATTEMPTS, new OptimisticUpdate.Listener() {
        @Override
        public void retried() {
          retries.increment();
        }

        @Override
        public void contended() {
          contended.increment();
        }
      }));
    }
  }

  /**
   * Reads the object named {@code key} of {@code kind} ({@code null} when absent), lets
   * {@code change} compute its next state ({@code null} = delete; it may refuse by throwing or
   * failing, for example with 404 or 412) and swaps it in; completes with what was written, on the
   * request's context. {@code what} names the object in a 409.
   */
  public <T> Future<T> apply(RoutingContext ctx, Kind kind, String key, String what, Supplier<Future<T>> read,
      Function<T, Future<T>> change, OptimisticUpdate.Swap<T> swap) {
    String queueKey = kind.queuePrefix + key;
    // The swap that returned true is the change that was made: its two sides are what the audit shows.
    AtomicReference<Object[]> made = new AtomicReference<>();
    OptimisticUpdate.Swap<T> recordingSwap = (expected, next) -> swap.apply(expected, next).map(ok -> {
      if (ok) {
        made.set(new Object[] {expected, next});
      }
      return ok;
    });
    // Recorded inside the queue, so this process's changes of one object enter the log in the
    // order they were made.
    return queue.run(queueKey, ctx.vertx().getOrCreateContext(),
            () -> updates.get(kind).apply(read, change, recordingSwap).compose(written -> {
              Object[] sides = made.get();
              return audit.recordAll(ctx, List.of(AuditRecorder.Change.of(kind.target, key,
                  view(sides[0]), view(sides[1])))).map(written);
            }))
        .recover(e -> Future.failedFuture(e instanceof ContendedException c
            ? ProblemException.contended(what + " was changed by other writers during each of " + c.attempts()
                + " attempts; nothing was written, try again")
            : e));
  }

  /** {@code value} (a link, touchpoint or brand, or {@code null}) as the admin API shows it. */
  private Object view(Object value) {
    return value == null ? null : auditView.apply(value);
  }

  /** Records a change made outside {@link #apply} (creates): the object as the API shows it before and after. */
  public Future<Void> record(RoutingContext ctx, Kind kind, String key, Object before, Object after) {
    return audit.recordAll(ctx, List.of(AuditRecorder.Change.of(kind.target, key, view(before),
        view(after))));
  }

  /** Records several creates of one request (an import) together. */
  public Future<Void> recordCreated(RoutingContext ctx, List<Link> links) {
    return audit.recordAll(ctx, links.stream()
        .map(link -> AuditRecorder.Change.of(Kind.LINK.target, link.code(), null, view(link))).toList());
  }
}
