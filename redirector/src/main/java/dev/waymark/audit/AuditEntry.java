package dev.waymark.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.waymark.link.LinkJson;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Objects;

/**
 * One admin change as the audit log keeps and shows it: a time-ordered {@link AuditIds id}, when,
 * with which key, what was done to which object, and the object as the admin API showed it before
 * and after ({@code null} on the side that did not exist).
 */
public record AuditEntry(String id, Instant time, AuditActor key, AuditAction action, Target target,
    JsonNode before, JsonNode after) {

  /** The object changed: its type and its id (a code, a brand's name, a key's id ...). */
  public record Target(AuditTarget type, String id) {
    public Target {
      Objects.requireNonNull(type, "type");
      Objects.requireNonNull(id, "id");
    }
  }

  public AuditEntry {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(target, "target");
    // Jackson reads a JSON null into a JsonNode as NullNode; absent is absent, however it was read.
    before = before == null || before.isNull() ? null : before;
    after = after == null || after.isNull() ? null : after;
    if (!AuditIds.isWellFormed(id)) {
      throw new IllegalArgumentException("not an audit id: " + id);
    }
  }

  /** The one stored form, shared by every store. */
  public String toJson() {
    try {
      return LinkJson.MAPPER.writeValueAsString(this);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static AuditEntry fromJson(String json) {
    try {
      return LinkJson.MAPPER.readValue(json, AuditEntry.class);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
