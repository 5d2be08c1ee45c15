package dev.waymark.audit;

import java.util.List;

/**
 * One page of the audit log, newest first; {@code nextCursor} is {@code null} on the last page.
 * A page may hold fewer entries than asked for and still have a next cursor, when the store
 * stopped reading at {@link AuditQuery#SCAN_LIMIT}.
 */
public record AuditPage(List<AuditEntry> entries, String nextCursor) {
  public AuditPage {
    entries = List.copyOf(entries);
  }
}
