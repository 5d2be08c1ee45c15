package dev.waymark.audit;

import java.time.Instant;

/**
 * A page of the audit log asked for, newest first: entries at or after {@code from} and before
 * {@code to} (either {@code null} = open), made with the key whose id or name is {@code key}, to
 * objects of {@code targetType} (and with {@code targetId}, if given), strictly older than the
 * entry {@code cursor} names. {@code null} filters match everything.
 */
public record AuditQuery(Instant from, Instant to, String key, AuditTarget targetType, String targetId,
    String cursor, int limit) {

  public static final int MAX_LIMIT = 500;
  /**
   * Entries a store reads at most for one page. A narrow filter over a long log then answers a
   * short (even empty) page with a cursor to go on from, rather than reading the whole log at once.
   */
  public static final int SCAN_LIMIT = 5000;

  public AuditQuery {
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new IllegalArgumentException("limit must be 1 to " + MAX_LIMIT + ", was " + limit);
    }
    if (targetId != null && targetType == null) {
      throw new IllegalArgumentException("a target id needs a target type");
    }
    if (cursor != null && !AuditIds.isWellFormed(cursor)) {
      throw new IllegalArgumentException("not a cursor: " + cursor);
    }
  }

  /** Everything, newest first. */
  public static AuditQuery all(int limit) {
    return new AuditQuery(null, null, null, null, null, null, limit);
  }

  /** The smallest id-ordered string above every entry the page may hold (exclusive), or {@code null} = no bound. */
  public String upperBound() {
    String byTime = to == null ? null : AuditIds.prefix(to);
    if (cursor == null) {
      return byTime;
    }
    return byTime == null || cursor.compareTo(byTime) < 0 ? cursor : byTime;
  }

  /** The lowest id-ordered string an entry of the page may have (inclusive), or {@code null} = no bound. */
  public String lowerBound() {
    return from == null ? null : AuditIds.prefix(from);
  }

  /** Whether {@code entry} passes the key and target filters (the time range is the stores' to apply). */
  public boolean matches(AuditEntry entry) {
    if (key != null && !key.equals(entry.key().id()) && !key.equals(entry.key().name())) {
      return false;
    }
    if (targetType != null && targetType != entry.target().type()) {
      return false;
    }
    return targetId == null || targetId.equals(entry.target().id());
  }
}
