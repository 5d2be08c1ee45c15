package dev.waymark.admin.touchpoint;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.waymark.admin.http.Violations;
import dev.waymark.admin.link.LinkFields;
import dev.waymark.journey.Stage;
import dev.waymark.link.FieldLimits;
import dev.waymark.link.Medium;
import dev.waymark.touchpoint.Touchpoint;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A valid JSON merge patch (RFC 7396) of a touchpoint: present members replace, {@code null}
 * clears an optional one ({@code enabled} falls back to true); {@code name} and {@code channel} can
 * be replaced but not removed, and the code and the link it belongs to cannot change.
 */
final class TouchpointPatch {

  static final Set<String> IMMUTABLE = Set.of("code", "slug", "link");
  private static final Set<String> REQUIRED = Set.of("name", "channel");

  /** Validated members in request order; a {@code null} value means "clear". */
  private final Map<String, Object> changes;

  private TouchpointPatch(Map<String, Object> changes) {
    this.changes = changes;
  }

  /** Validates {@code body} as a patch; throws a 400 problem naming every invalid member. */
  static TouchpointPatch parse(ObjectNode body) {
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
        v.add(field, "is not a known field; known: "
            + String.join(", ", Violations.sorted(Set.of("name", "channel", "source", "stage", "medium", "notes",
            "enabled"))));
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
          default -> throw new IllegalStateException("no rule for touchpoint field " + field);
        };
        if (value != null) {
          changes.put(field, value);
        }
      }
    }
    v.throwIfAny();
    return new TouchpointPatch(changes);
  }

  /** {@code touchpoint} with this patch applied and {@code updatedAt} set to {@code now}. */
  Touchpoint applyTo(Touchpoint touchpoint, Instant now) {
    String name = touchpoint.name();
    String channel = touchpoint.channel();
    String source = touchpoint.source();
    Stage stage = touchpoint.stage();
    Medium medium = touchpoint.medium();
    String notes = touchpoint.notes();
    boolean enabled = touchpoint.enabled();
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
        default -> throw new IllegalStateException("no rule for touchpoint field " + c.getKey());
      }
    }
    return new Touchpoint(touchpoint.code(), touchpoint.linkCode(), name, channel, stage, source, medium, notes,
        enabled, touchpoint.createdAt(), now);
  }
}
