package dev.waymark.admin.link;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.waymark.admin.http.Violations;
import dev.waymark.journey.Stage;
import dev.waymark.link.FieldLimits;
import dev.waymark.link.Link;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A valid JSON merge patch (RFC 7396) of a link: present members replace, {@code null} clears an
 * optional member ({@code redirect}, {@code enabled} and {@code conversions} fall back to their
 * defaults 302, true and false),
 * and {@code utm} merges key by key. The code and the timestamps cannot be patched, and
 * {@code url} can be replaced but not removed. The journey-rule members follow {@link RoutingPatch};
 * {@code activeFrom} must still be before {@code expiresAt} once the patch is merged.
 */
final class LinkPatch {

  static final Set<String> IMMUTABLE = Set.of("code", "slug");

  /** Validated members in request order; a {@code null} value means "clear". */
  private final Map<String, Object> changes;
  private final JsonNode utm;
  private final RoutingPatch routing;

  private LinkPatch(Map<String, Object> changes, JsonNode utm, RoutingPatch routing) {
    this.changes = changes;
    this.utm = utm;
    this.routing = routing;
  }

  /** Validates {@code body} as a patch at {@code now}, refusing destinations on {@code ours}; throws a 400 problem naming every invalid member. */
  static LinkPatch parse(ObjectNode body, Instant now, ShortUrlHosts ours) {
    Violations v = new Violations();
    Map<String, Object> changes = new LinkedHashMap<>();
    JsonNode utm = null;
    for (Map.Entry<String, JsonNode> e : body.properties()) {
      String field = e.getKey();
      JsonNode node = e.getValue();
      if (IMMUTABLE.contains(field)) {
        v.add(field, "cannot be changed; create a new link for another code");
      } else if (LinkRequest.READ_ONLY.contains(field)) {
        v.add(field, "is read-only");
      } else if (!LinkRequest.FIELDS.contains(field)) {
        v.add(field, "is not a known field; known: " + String.join(", ", Violations.sorted(LinkRequest.FIELDS)));
      } else if (RoutingFields.FIELDS.contains(field)) {
        continue; // read below, by RoutingPatch
      } else if (node.isNull()) {
        if (field.equals("url")) {
          v.add(field, "is required and cannot be removed");
        } else {
          changes.put(field, null);
        }
      } else if (field.equals("utm")) {
        if (LinkFields.utm(v, field, node, Map.of()) != null) {
          utm = node;
          changes.put(field, node);
        }
      } else {
        Object value = parseValue(v, field, node, now, ours);
        if (value != null) {
          changes.put(field, value);
        }
      }
    }
    RoutingPatch routing = RoutingPatch.parse(v, body, ours);
    v.throwIfAny();
    return new LinkPatch(changes, utm, routing);
  }

  private static Object parseValue(Violations v, String field, JsonNode node, Instant now, ShortUrlHosts ours) {
    return switch (field) {
      case "url" -> LinkFields.url(v, field, node, ours);
      case "campaign", "channel", "source" -> LinkFields.text(v, field, node, FieldLimits.MAX_TEXT_LENGTH);
      case "stage" -> LinkFields.stage(v, field, node);
      case "tags" -> LinkFields.tags(v, field, node);
      case "redirect" -> LinkFields.redirect(v, field, node);
      case "expiresAt" -> LinkFields.expiresAt(v, field, node, now);
      case "enabled", "conversions" -> LinkFields.bool(v, field, node);
      default -> throw new IllegalStateException("no rule for link field " + field);
    };
  }

  /**
   * {@code link} with this patch applied and {@code updatedAt} set to {@code now}; throws a 400
   * problem when the merged link would start at or after it expires.
   */
  @SuppressWarnings("unchecked")
  Link applyTo(Link link, Instant now) {
    String url = link.url();
    String campaign = link.campaign();
    String channel = link.channel();
    Stage stage = link.stage();
    String source = link.source();
    List<String> tags = link.tags();
    Map<String, String> utmSet = link.utm();
    int redirect = link.redirect();
    Instant expiresAt = link.expiresAt();
    boolean enabled = link.enabled();
    boolean conversions = link.conversions();
    for (Map.Entry<String, Object> c : changes.entrySet()) {
      Object value = c.getValue();
      switch (c.getKey()) {
        case "url" -> url = (String) value;
        case "campaign" -> campaign = (String) value;
        case "channel" -> channel = (String) value;
        case "source" -> source = (String) value;
        case "stage" -> stage = (Stage) value;
        case "tags" -> tags = value == null ? List.of() : (List<String>) value;
        case "utm" -> utmSet = value == null ? Map.of()
            // Already validated in parse(); merging onto the stored set cannot add violations.
            : LinkFields.utm(new Violations(), "utm", utm, link.utm());
        case "redirect" -> redirect = value == null ? 302 : (Integer) value;
        case "expiresAt" -> expiresAt = (Instant) value;
        case "enabled" -> enabled = value == null || (Boolean) value;
        case "conversions" -> conversions = value != null && (Boolean) value;
        default -> throw new IllegalStateException("no rule for link field " + c.getKey());
      }
    }
    return new Link(link.code(), url, campaign, channel, stage, source, tags, utmSet, redirect, expiresAt,
        enabled, link.createdAt(), now, null, null, null, null, conversions, routing.applyTo(link.routing(), expiresAt));
  }
}
