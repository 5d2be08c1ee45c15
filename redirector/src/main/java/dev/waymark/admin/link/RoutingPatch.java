package dev.waymark.admin.link;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.waymark.admin.http.Violations;
import dev.waymark.routing.Preview;
import dev.waymark.routing.Routing;
import dev.waymark.routing.Rule;
import dev.waymark.routing.Variant;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The journey-rule members ({@link RoutingFields#FIELDS}) of one create or JSON merge patch (RFC
 * 7396), validated, to apply to a link's or touchpoint's {@link Routing}: members present replace,
 * {@code null} removes one, {@code variants} and {@code rules} are replaced whole (arrays are
 * values in a merge patch), and {@code preview} merges key by key, an emptied preview being
 * removed. A create is this patch applied to {@link Routing#NONE}, so both accept the same values.
 */
public final class RoutingPatch {

  /** Validated members in request order; a {@code null} value means "remove". */
  private final Map<String, Object> changes;
  private final JsonNode preview;

  private RoutingPatch(Map<String, Object> changes, JsonNode preview) {
    this.changes = changes;
    this.preview = preview;
  }

  /** Reads the members of {@link RoutingFields#FIELDS} in {@code body}, ignoring all others, into {@code v}. */
  public static RoutingPatch parse(Violations v, ObjectNode body, ShortUrlHosts ours) {
    Map<String, Object> changes = new LinkedHashMap<>();
    JsonNode preview = null;
    for (Map.Entry<String, JsonNode> e : body.properties()) {
      String field = e.getKey();
      JsonNode node = e.getValue();
      if (!RoutingFields.FIELDS.contains(field)) {
        continue;
      }
      if (node.isNull()) {
        changes.put(field, null);
        continue;
      }
      Object value = RoutingFields.member(v, field, node, ours);
      if (value != null) {
        changes.put(field, value);
        preview = field.equals("preview") ? node : preview;
      }
    }
    return new RoutingPatch(changes, preview);
  }

  /**
   * The journey rules a create asks for, its {@code expiresAt} given: the members of {@code body}
   * as a patch of {@link Routing#NONE}, violations (also {@code activeFrom} not before
   * {@code expiresAt}) recorded in {@code v}.
   */
  public static Routing create(Violations v, ObjectNode body, ShortUrlHosts ours, Instant expiresAt) {
    Routing routing = parse(v, body, ours).applyTo(Routing.NONE);
    RoutingFields.window(v, "activeFrom", routing.activeFrom(), expiresAt);
    return routing;
  }

  /**
   * {@code current} ({@code null} for none) with this patch applied, for an object that will
   * expire at {@code expiresAt}; throws a 400 problem when it would start at or after that,
   * naming {@code activeFrom} if this patch set it, else {@code expiresAt}.
   */
  public Routing applyTo(Routing current, Instant expiresAt) {
    Routing merged = applyTo(current == null ? Routing.NONE : current);
    Violations v = new Violations();
    RoutingFields.window(v, changes.containsKey("activeFrom") ? "activeFrom" : "expiresAt", merged.activeFrom(),
        expiresAt);
    v.throwIfAny();
    return merged;
  }

  @SuppressWarnings("unchecked")
  private Routing applyTo(Routing current) {
    List<Variant> variants = current.variants();
    List<Rule> rules = current.rules();
    String ios = current.ios();
    String android = current.android();
    Instant activeFrom = current.activeFrom();
    String fallbackUrl = current.fallbackUrl();
    Long maxHits = current.maxHits();
    Preview previewSet = current.preview();
    for (Map.Entry<String, Object> c : changes.entrySet()) {
      Object value = c.getValue();
      switch (c.getKey()) {
        case "variants" -> variants = (List<Variant>) value;
        case "rules" -> rules = (List<Rule>) value;
        case "ios" -> ios = (String) value;
        case "android" -> android = (String) value;
        case "activeFrom" -> activeFrom = (Instant) value;
        case "fallbackUrl" -> fallbackUrl = (String) value;
        case "maxHits" -> maxHits = (Long) value;
        case "preview" -> previewSet = value == null ? null
            // Already validated in parse(); merging onto the stored preview cannot add violations.
            : RoutingFields.preview(new Violations(), "preview", preview, current.preview());
        default -> throw new IllegalStateException("no rule for routing field " + c.getKey());
      }
    }
    if (previewSet != null && RoutingFields.isEmpty(previewSet)) {
      previewSet = null;
    }
    return new Routing(variants, rules, ios, android, activeFrom, fallbackUrl, maxHits, previewSet);
  }
}
