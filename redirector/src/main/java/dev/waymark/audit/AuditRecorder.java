package dev.waymark.audit;

import com.fasterxml.jackson.databind.JsonNode;
import dev.waymark.link.LinkJson;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one call every admin write path makes after its change succeeded: {@link #record} turns the
 * object as the API shows it before and after into an {@link AuditEntry} and appends it.
 *
 * <p>A change that was made stands even when recording it fails: the returned future then still
 * succeeds (the admin call answers as it would have), the failure is logged as an error
 * ({@code event=audit_write_failed}) and counted in {@code waymark_audit_write_failures_total}.
 * The future completes on the caller's context once the entry is stored or has failed, so a
 * caller that waits for it before answering lets its client read its own change in the log.
 * Never blocks. Thread-safe.
 */
public final class AuditRecorder {

  private static final Logger LOG = LoggerFactory.getLogger(AuditRecorder.class);
  /** Above this many changes in one call (an import), entries are built on a worker thread. */
  static final int INLINE_MAX = 32;

  private final AuditLog log;
  private final AuditIds ids;
  private final Counter failures;

  public AuditRecorder(AuditLog log, AuditIds ids, MeterRegistry registry) {
    this.log = Objects.requireNonNull(log, "log");
    this.ids = Objects.requireNonNull(ids, "ids");
    this.failures = Counter.builder("waymark.audit.write.failures")
        .description("Admin changes that were made but could not be recorded in the audit log")
        .register(registry);
  }

  /**
   * Records that the request's key did {@code action} to {@code type} {@code id}; {@code before}
   * and {@code after} are the object as the API shows it ({@code null} where it did not exist), and
   * must hold no secret. The future never fails.
   */
  public Future<Void> record(RoutingContext ctx, AuditAction action, AuditTarget type, String id, Object before,
      Object after) {
    return recordAll(ctx, List.of(new Change(action, type, id, before, after)));
  }

  /** As {@link #record}, for several changes of one request, appended together (an import). */
  public Future<Void> recordAll(RoutingContext ctx, List<Change> changes) {
    return recordAll(AuditActor.of(ctx), changes);
  }

  /** As {@link #recordAll(RoutingContext, List)}, for a change made with {@code actor} outside a request. */
  public Future<Void> recordAll(AuditActor actor, List<Change> changes) {
    if (changes.isEmpty()) {
      return Future.succeededFuture();
    }
    Context context = Vertx.currentContext();
    Future<Void> appended;
    try {
      // An import's thousand views are turned into trees on a worker, not on the event loop.
      Future<List<AuditEntry>> entries = context == null || changes.size() <= INLINE_MAX
          ? Future.succeededFuture(entries(actor, changes))
          : context.executeBlocking(() -> entries(actor, changes), false);
      appended = entries.compose(log::append);
    } catch (RuntimeException e) {
      appended = Future.failedFuture(e);
    }
    Promise<Void> done = Promise.promise();
    appended.onComplete(ar -> {
      Runnable complete = () -> {
        if (ar.failed()) {
          failures.increment(changes.size());
          Change first = changes.get(0);
          LOG.error("event=audit_write_failed entries={} action={} target={}:{} key={} error=\"{}\"",
              changes.size(), first.action().apiName(), first.type().apiName(), first.id(), actor.id(),
              ar.cause().toString());
        }
        done.complete();
      };
      if (context == null || Vertx.currentContext() == context) {
        complete.run();
      } else {
        context.runOnContext(v -> complete.run());
      }
    });
    return done.future();
  }

  private List<AuditEntry> entries(AuditActor actor, List<Change> changes) {
    List<AuditEntry> entries = new ArrayList<>(changes.size());
    for (Change c : changes) {
      AuditIds.Stamp stamp = ids.next();
      entries.add(new AuditEntry(stamp.id(), stamp.time(), actor, c.action(),
          new AuditEntry.Target(c.type(), c.id()), tree(c.before()), tree(c.after())));
    }
    return entries;
  }

  private static JsonNode tree(Object view) {
    return view == null ? null : LinkJson.MAPPER.valueToTree(view);
  }

  /** One change to record: {@code before} and {@code after} as the API shows the object, {@code null} where absent. */
  public record Change(AuditAction action, AuditTarget type, String id, Object before, Object after) {
    public Change {
      Objects.requireNonNull(action, "action");
      Objects.requireNonNull(type, "type");
      Objects.requireNonNull(id, "id");
      if ((action == AuditAction.CREATE) != (before == null) || (action == AuditAction.DELETE) != (after == null)) {
        throw new IllegalArgumentException(action.apiName() + " of " + type.apiName() + " '" + id
            + "' with before " + (before == null ? "absent" : "present") + " and after "
            + (after == null ? "absent" : "present"));
      }
    }

    /** The change from {@code before} to {@code after}: a create, an update or a delete by which side is absent. */
    public static Change of(AuditTarget type, String id, Object before, Object after) {
      AuditAction action = before == null ? AuditAction.CREATE : after == null ? AuditAction.DELETE : AuditAction.UPDATE;
      return new Change(action, type, id, before, after);
    }
  }
}
