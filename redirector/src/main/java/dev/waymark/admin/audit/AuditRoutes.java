package dev.waymark.admin.audit;

import dev.waymark.admin.http.Reply;
import dev.waymark.admin.http.StoreCall;
import dev.waymark.admin.http.Violations;
import dev.waymark.audit.AuditEntry;
import dev.waymark.audit.AuditIds;
import dev.waymark.audit.AuditLog;
import dev.waymark.audit.AuditQuery;
import dev.waymark.audit.AuditTarget;
import dev.waymark.problem.ProblemException;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * {@code GET /api/v1/audit}: the audit log newest first, filtered by time ({@code from} inclusive,
 * {@code to} exclusive, RFC 3339), {@code key} (a key's id or name) and {@code target}
 * ({@code type} or {@code type:id}), paged by {@code limit} and {@code cursor} as the link list
 * is. Every bad value is a 400 naming its parameter.
 */
public final class AuditRoutes {

  static final int DEFAULT_LIMIT = 50;
  private static final String AUDIT_LOG = "audit log";
  private static final Pattern DIGITS = Pattern.compile("\\d{1,9}");
  private static final int MAX_FILTER_LENGTH = 256;

  private final AuditLog log;

  public AuditRoutes(AuditLog log) {
    this.log = log;
  }

  public void list(RoutingContext ctx) {
    AuditQuery query = query(ctx);
    Reply.send(ctx, StoreCall.of(ctx, AUDIT_LOG, () -> log.query(query))
        .map(page -> new Reply(200, null, Reply.json(new Page(page.entries(), page.nextCursor())))));
  }

  /** One page of entries, as the API shows it. */
  record Page(List<AuditEntry> entries, String nextCursor) {}

  static AuditQuery query(RoutingContext ctx) {
    try {
      ctx.queryParams();
    } catch (IllegalArgumentException e) {
      throw ProblemException.invalid("query", "is not a valid URL-encoded query string");
    }
    Violations v = new Violations();
    Instant from = time(v, "from", single(ctx, v, "from"));
    Instant to = time(v, "to", single(ctx, v, "to"));
    if (from != null && to != null && !from.isBefore(to)) {
      v.add("to", "must be after from");
    }
    String key = single(ctx, v, "key");
    if (key != null && key.length() > MAX_FILTER_LENGTH) {
      key = v.add("key", "must be at most " + MAX_FILTER_LENGTH + " characters");
    }
    AuditTarget type = null;
    String targetId = null;
    String target = single(ctx, v, "target");
    if (target != null) {
      int colon = target.indexOf(':');
      String typeName = colon < 0 ? target : target.substring(0, colon);
      type = AuditTarget.ofApiName(typeName);
      if (type == null) {
        v.add("target", "'" + typeName + "' is not a target type; one of " + Arrays.stream(AuditTarget.values())
            .map(AuditTarget::apiName).collect(Collectors.joining(", ")) + ", optionally followed by :id");
      } else if (colon >= 0) {
        targetId = target.substring(colon + 1);
        if (targetId.isEmpty() || targetId.length() > MAX_FILTER_LENGTH) {
          v.add("target", "the id after '" + typeName + ":' must be 1 to " + MAX_FILTER_LENGTH + " characters");
        }
      }
    }
    int limit = DEFAULT_LIMIT;
    String limitParam = single(ctx, v, "limit");
    if (limitParam != null) {
      if (!DIGITS.matcher(limitParam).matches()
          || Integer.parseInt(limitParam) < 1 || Integer.parseInt(limitParam) > AuditQuery.MAX_LIMIT) {
        v.add("limit", "must be an integer from 1 to " + AuditQuery.MAX_LIMIT);
      } else {
        limit = Integer.parseInt(limitParam);
      }
    }
    String cursor = single(ctx, v, "cursor");
    if (cursor != null && !AuditIds.isWellFormed(cursor)) {
      v.add("cursor", "is not one this API returned");
    }
    v.throwIfAny();
    return new AuditQuery(from, to, key, type, targetId, cursor, limit);
  }

  private static Instant time(Violations v, String name, String value) {
    if (value == null) {
      return null;
    }
    try {
      return OffsetDateTime.parse(value, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
    } catch (DateTimeParseException e) {
      return v.add(name, "must be an RFC 3339 date-time with an offset, such as 2026-12-01T00:00:00Z");
    }
  }

  private static String single(RoutingContext ctx, Violations v, String name) {
    List<String> values = ctx.queryParam(name);
    if (values.size() > 1) {
      return v.add(name, "must be given at most once");
    }
    return values.isEmpty() || values.get(0).isEmpty() ? null : values.get(0);
  }
}
