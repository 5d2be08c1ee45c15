package dev.waymark.admin.link;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.waymark.admin.http.Violations;
import dev.waymark.journey.Stage;
import dev.waymark.link.FieldLimits;
import dev.waymark.link.Link;
import dev.waymark.routing.Routing;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A valid request to create a link: every field checked against {@link LinkFields}, unknown
 * members rejected by name, defaults applied ({@code redirect} 302, {@code enabled} true,
 * {@code conversions} false). A JSON
 * {@code null} for an optional member means the same as leaving it out. The journey-rule members
 * ({@link RoutingFields#FIELDS}) are read by {@link RoutingPatch}, as a patch of no rules.
 */
record LinkRequest(
    String url,
    String slug,
    String campaign,
    String channel,
    Stage stage,
    String source,
    List<String> tags,
    Map<String, String> utm,
    int redirect,
    Instant expiresAt,
    boolean enabled,
    boolean conversions,
    Routing routing) {

  static final Set<String> FIELDS = Stream.concat(RoutingFields.FIELDS.stream(), Stream.of(
      "url", "slug", "campaign", "channel", "stage", "source", "tags", "utm", "redirect", "expiresAt", "enabled",
      "conversions")).collect(Collectors.toUnmodifiableSet());
  /** Members of the link view that a client may echo back but never set. */
  static final Set<String> READ_ONLY = Set.of("code", "shortUrl", "createdAt", "updatedAt");

  /**
   * Validates {@code body}, refusing destinations on {@code ours}; throws a 400 problem naming
   * every invalid field.
   */
  static LinkRequest parse(ObjectNode body, Instant now, ShortUrlHosts ours) {
    Violations v = new Violations();
    for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (READ_ONLY.contains(name)) {
        v.add(name, name.equals("code") ? "is assigned by the server; use slug to choose one" : "is read-only");
      } else if (!FIELDS.contains(name)) {
        v.add(name, "is not a known field; known: " + String.join(", ", Violations.sorted(FIELDS)));
      }
    }
    JsonNode urlNode = present(body, "url");
    String url = urlNode == null ? v.add("url", "is required") : LinkFields.url(v, "url", urlNode, ours);
    String slug = map(body, "slug", n -> LinkFields.slug(v, "slug", n));
    String campaign = map(body, "campaign", n -> LinkFields.text(v, "campaign", n, FieldLimits.MAX_TEXT_LENGTH));
    String channel = map(body, "channel", n -> LinkFields.text(v, "channel", n, FieldLimits.MAX_TEXT_LENGTH));
    Stage stage = map(body, "stage", n -> LinkFields.stage(v, "stage", n));
    String source = map(body, "source", n -> LinkFields.text(v, "source", n, FieldLimits.MAX_TEXT_LENGTH));
    List<String> tags = map(body, "tags", n -> LinkFields.tags(v, "tags", n));
    Map<String, String> utm = map(body, "utm", n -> LinkFields.utm(v, "utm", n, Map.of()));
    Integer redirect = map(body, "redirect", n -> LinkFields.redirect(v, "redirect", n));
    Instant expiresAt = map(body, "expiresAt", n -> LinkFields.expiresAt(v, "expiresAt", n, now));
    Boolean enabled = map(body, "enabled", n -> LinkFields.bool(v, "enabled", n));
    Boolean conversions = map(body, "conversions", n -> LinkFields.bool(v, "conversions", n));
    Routing routing = RoutingPatch.create(v, body, ours, expiresAt);
    v.throwIfAny();
    return new LinkRequest(url, slug, campaign, channel, stage, source, tags, utm,
        redirect == null ? 302 : redirect, expiresAt, enabled == null || enabled, Boolean.TRUE.equals(conversions),
        routing);
  }

  /** The link this request creates under {@code code} at {@code now}. */
  Link toLink(String code, Instant now) {
    return new Link(code, url, campaign, channel, stage, source, tags, utm, redirect, expiresAt, enabled, now, now,
        null, null, null, null, conversions, routing);
  }

  private static JsonNode present(ObjectNode body, String field) {
    JsonNode node = body.get(field);
    return node == null || node.isNull() ? null : node;
  }

  private static <T> T map(ObjectNode body, String field, java.util.function.Function<JsonNode, T> parse) {
    JsonNode node = present(body, field);
    return node == null ? null : parse.apply(node);
  }
}
