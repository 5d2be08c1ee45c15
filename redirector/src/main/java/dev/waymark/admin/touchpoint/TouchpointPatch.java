package dev.waymark.admin.touchpoint;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.waymark.admin.http.Violations;
import dev.waymark.admin.link.LinkFields;
import dev.waymark.admin.link.RoutingFields;
import dev.waymark.admin.link.RoutingPatch;
import dev.waymark.admin.link.ShortUrlHosts;
import dev.waymark.journey.Stage;
import dev.waymark.link.FieldLimits;
import dev.waymark.link.Medium;
import dev.waymark.touchpoint.Touchpoint;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A valid JSON merge patch (RFC 7396) of a touchpoint: present members replace, {@code null}
 * clears an optional one ({@code enabled} falls back to true); {@code name} and {@code channel} can
 * be replaced but not removed, and the code and the link it belongs to cannot change. Its journey
 * rules follow {@link RoutingPatch}, and its own {@code activeFrom} must still be before its own
 * {@code expiresAt} once the patch is merged.
 */
final class TouchpointPatch {

  static final Set<String> IMMUTABLE = Set.of("code", "slug", "link");
  private static final Set<String> REQUIRED = Set.of("name", "channel");
  private static final Set<String> PATCHABLE = TouchpointRequest.FIELDS.stream().filter(f -> !IMMUTABLE.contains(f))
      .collect(Collectors.toUnmodifiableSet());

  /** Validated members in request order; a {@code null} value means "clear". */
  private final Map<String, Object> changes;
  private final RoutingPatch routing;

  private TouchpointPatch(Map<String, Object> changes, RoutingPatch routing) {
    this.changes = changes;
    this.routing = routing;
  }

  /**
   * Validates {@code body} as a patch at {@code now}, refusing destinations on {@code ours}; throws
   * a 400 problem naming every invalid member.
   */
  static TouchpointPatch parse(ObjectNode body, Instant now, ShortUrlHosts ours) {
    Violations v = new Violations();
    Map<String, Object> changes = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : body.properties()) {
      String field = e.getKey();
      JsonNode node = e.getValue();
      if (IMMUTABLE.contains(field)) {
        v.add(field, "cannot be changed; create a new touchpoint instead");
      } else if (TouchpointRequest.READ_ONLY.contains(field)) {
        v.add(field, "is read-only");
      } else if (!TouchpointRequest.FIELDS.contains(field)) {
        v.add(field, "is not a known field; known: " + String.join(", ", Violations.sorted(PATCHABLE)));
      } else if (RoutingFields.FIELDS.contains(field)) {
        continue; // read below, by RoutingPatch
      } else if (node.isNull()) {
        if (REQUIRED.contains(field)) {
          v.add(field, "is required and cannot be removed");
        } else {
          changes.put(field, null);
        }
      } else {
        Object value = switch (field) {
          case "name", "channel", "source" -> LinkFields.text(v, field, node, FieldLimits.MAX_TEXT_LENGTH);
          case "notes" -> LinkFields.text(v, field, node, FieldLimits.MAX_NOTES_LENGTH);
          case "stage" -> LinkFields.stage(v, field, node);
          case "medium" -> LinkFields.medium(v, field, node);
          case "enabled" -> LinkFields.bool(v, field, node);
          case "expiresAt" -> LinkFields.expiresAt(v, field, node, now);
          default -> throw new IllegalStateException("no rule for touchpoint field " + field);
        };
        if (value != null) {
          changes.put(field, value);
        }
      }
    }
    RoutingPatch routing = RoutingPatch.parse(v, body, ours);
    v.throwIfAny();
    return new TouchpointPatch(changes, routing);
  }

  /**
   * {@code touchpoint} with this patch applied and {@code updatedAt} set to {@code now}; throws a
   * 400 problem when it would start at or after it expires.
   */
  Touchpoint applyTo(Touchpoint touchpoint, Instant now) {
    String name = touchpoint.name();
    String channel = touchpoint.channel();
    String source = touchpoint.source();
    Stage stage = touchpoint.stage();
    Medium medium = touchpoint.medium();
    String notes = touchpoint.notes();
    boolean enabled = touchpoint.enabled();
    Instant expiresAt = touchpoint.expiresAt();
    for (Map.Entry<String, Object> c : changes.entrySet()) {
      Object value = c.getValue();
      switch (c.getKey()) {
        case "name" -> name = (String) value;
        case "channel" -> channel = (String) value;
        case "source" -> source = (String) value;
        case "stage" -> stage = (Stage) value;
        case "medium" -> medium = (Medium) value;
        case "notes" -> notes = (String) value;
        case "enabled" -> enabled = value == null || (Boolean) value;
        case "expiresAt" -> expiresAt = (Instant) value;
        default -> throw new IllegalStateException("no rule for touchpoint field " + c.getKey());
      }
    }
    return new Touchpoint(touchpoint.code(), touchpoint.linkCode(), name, channel, stage, source, medium, notes,
        enabled, touchpoint.createdAt(), now, expiresAt, routing.applyTo(touchpoint.routing(), expiresAt));
  }
}
