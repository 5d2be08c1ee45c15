package dev.waymark.audit;

import io.vertx.core.Future;
import java.time.Instant;
import java.util.List;

/**
 * Where audit entries are kept: appended, read newest first by {@link AuditQuery}, and removed
 * once older than the retention. Every method is non-blocking and completes on the caller's
 * Vert.x context when it has one; a failing store fails the future. Thread-safe.
 */
public interface AuditLog {

  /** Keeps every entry of {@code entries} (ids are unique); completes once they are durable as the store makes anything durable. */
  Future<Void> append(List<AuditEntry> entries);

  /** The page {@code query} asks for. */
  Future<AuditPage> query(AuditQuery query);

  /** Removes every entry made before {@code cutoff}; completes with how many were removed. */
  Future<Long> removeBefore(Instant cutoff);

  Future<Void> close();
}
