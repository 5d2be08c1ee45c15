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
import dev.waymark.routing.Routing;
import dev.waymark.touchpoint.Touchpoint;
import java.time.Instant;
import java.util.Iterator;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A valid request to create a touchpoint: {@code name} and {@code channel} required, the rest
 * optional, every field checked by the same rules as links, unknown members rejected by name. A
 * JSON {@code null} for an optional member means the same as leaving it out. Its own
 * {@code expiresAt} and journey rules ({@link RoutingFields#FIELDS}) are read as a link's are.
 */
record TouchpointRequest(String slug, String name, String channel, String source, Stage stage, Medium medium,
    String notes, boolean enabled, Instant expiresAt, Routing routing) {

  /** What a touchpoint's create and patch may set; {@code slug} only on create. */
  static final Set<String> FIELDS = Stream.concat(RoutingFields.FIELDS.stream(), Stream.of(
      "slug", "name", "channel", "source", "stage", "medium", "notes", "enabled", "expiresAt"))
      .collect(Collectors.toUnmodifiableSet());
  /** Members of the touchpoint view that a client may echo back but never set. */
  static final Set<String> READ_ONLY = Set.of("code", "shortUrl", "link", "qr", "createdAt", "updatedAt");

  /**
   * Validates {@code body} at {@code now}, refusing destinations on {@code ours}; throws a 400
   * problem naming every invalid field.
   */
  static TouchpointRequest parse(ObjectNode body, Instant now, ShortUrlHosts ours) {
    Violations v = new Violations();
    for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (READ_ONLY.contains(name)) {
        v.add(name, name.equals("code") ? "is assigned by the server; use slug to choose one"
            : name.equals("link") ? "is the link in the request path" : "is read-only");
      } else if (!FIELDS.contains(name)) {
        v.add(name, "is not a known field; known: " + String.join(", ", Violations.sorted(FIELDS)));
      }
    }
    String slug = map(body, "slug", n -> LinkFields.slug(v, "slug", n));
    String name = required(v, body, "name", n -> LinkFields.text(v, "name", n, FieldLimits.MAX_TEXT_LENGTH));
    String channel = required(v, body, "channel", n -> LinkFields.text(v, "channel", n, FieldLimits.MAX_TEXT_LENGTH));
    String source = map(body, "source", n -> LinkFields.text(v, "source", n, FieldLimits.MAX_TEXT_LENGTH));
    Stage stage = map(body, "stage", n -> LinkFields.stage(v, "stage", n));
    Medium medium = map(body, "medium", n -> LinkFields.medium(v, "medium", n));
    String notes = map(body, "notes", n -> LinkFields.text(v, "notes", n, FieldLimits.MAX_NOTES_LENGTH));
    Boolean enabled = map(body, "enabled", n -> LinkFields.bool(v, "enabled", n));
    Instant expiresAt = map(body, "expiresAt", n -> LinkFields.expiresAt(v, "expiresAt", n, now));
    Routing routing = RoutingPatch.create(v, body, ours, expiresAt);
    v.throwIfAny();
    return new TouchpointRequest(slug, name, channel, source, stage, medium, notes, enabled == null || enabled,
        expiresAt, routing);
  }

  /** The touchpoint this request creates under {@code code} for link {@code link} at {@code now}. */
  Touchpoint toTouchpoint(String code, String link, Instant now) {
    return new Touchpoint(code, link, name, channel, stage, source, medium, notes, enabled, now, now, expiresAt,
        routing);
  }

  private static <T> T required(Violations v, ObjectNode body, String field, Function<JsonNode, T> parse) {
    JsonNode node = body.get(field);
    return node == null || node.isNull() ? v.add(field, "is required") : parse.apply(node);
  }

  private static <T> T map(ObjectNode body, String field, Function<JsonNode, T> parse) {
    JsonNode node = body.get(field);
    return node == null || node.isNull() ? null : parse.apply(node);
  }
}
