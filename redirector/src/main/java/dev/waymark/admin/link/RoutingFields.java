package dev.waymark.admin.link;

import com.fasterxml.jackson.databind.JsonNode;
import dev.waymark.admin.http.Violations;
import dev.waymark.routing.Preview;
import dev.waymark.routing.Routing;
import dev.waymark.routing.Rule;
import dev.waymark.routing.Variant;
import dev.waymark.routing.When;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The rules for the journey-rule members of a link or a touchpoint ({@link #FIELDS}), shared by
 * create, patch and import of both, so every way in accepts exactly the same values. Each method
 * returns the clean value (names normalised: countries upper case, languages {@code nl-BE}), or
 * records why not under the member's full path ({@code rules[3].when.tz}) and returns {@code null}.
 * Every URL a visitor may be sent to passes {@link LinkFields#url}, as a link's own {@code url} does.
 */
public final class RoutingFields {

  /** The flat members of the link and touchpoint API that make up a {@link Routing}. */
  public static final Set<String> FIELDS = Set.of(
      "variants", "rules", "ios", "android", "activeFrom", "fallbackUrl", "maxHits", "preview");
  static final long MAX_HITS = 1_000_000_000_000L;
  static final int MAX_TITLE_LENGTH = 200;
  static final int MAX_DESCRIPTION_LENGTH = 500;

  private static final Set<String> VARIANT_MEMBERS = Set.of("id", "url", "weight");
  private static final Set<String> RULE_MEMBERS = Set.of("id", "when", "url", "variants");
  private static final Set<String> PREVIEW_MEMBERS = Set.of("title", "description", "image");
  private static final Pattern VARIANT_ID = Pattern.compile("[A-Za-z0-9_-]{1,32}");
  private static final Pattern RULE_ID = Pattern.compile("[A-Za-z][A-Za-z0-9_-]{0,31}");

  private RoutingFields() {}

  /** The clean value of the non-null member {@code field} (one of {@link #FIELDS}). */
  static Object member(Violations v, String field, JsonNode node, ShortUrlHosts ours) {
    return switch (field) {
      case "variants" -> variants(v, field, node, ours, false);
      case "rules" -> rules(v, field, node, ours);
      case "ios", "android", "fallbackUrl" -> LinkFields.url(v, field, node, ours);
      case "activeFrom" -> LinkFields.instant(v, field, node);
      case "maxHits" -> maxHits(v, field, node);
      case "preview" -> preview(v, field, node, null);
      default -> throw new IllegalStateException("no rule for routing field " + field);
    };
  }

  /**
   * Records a violation on {@code field} unless {@code activeFrom} is before {@code expiresAt}
   * (either may be {@code null}); checked on the whole object after a create or a merged patch.
   */
  static void window(Violations v, String field, Instant activeFrom, Instant expiresAt) {
    if (activeFrom != null && expiresAt != null && !activeFrom.isBefore(expiresAt)) {
      v.add(field, field.equals("activeFrom")
          ? "must be before expiresAt (" + expiresAt + "), was " + activeFrom
          : "must be after activeFrom (" + activeFrom + "), was " + expiresAt);
    }
  }

  /**
   * Up to {@link Routing#MAX_VARIANTS} variants, ids unique, weights not all 0. An empty array
   * means none, except in a rule ({@code inRule}), which must lead somewhere.
   */
  static List<Variant> variants(Violations v, String field, JsonNode node, ShortUrlHosts ours, boolean inRule) {
    if (!node.isArray()) {
      return v.add(field, "must be an array of at most " + Routing.MAX_VARIANTS + " {id, url, weight} objects");
    }
    if (node.isEmpty() && inRule) {
      return v.add(field, "must list at least one variant");
    }
    if (node.size() > Routing.MAX_VARIANTS) {
      return v.add(field, "must hold at most " + Routing.MAX_VARIANTS + " variants, had " + node.size());
    }
    int before = v.count();
    List<Variant> variants = new ArrayList<>();
    Map<String, Integer> ids = new HashMap<>();
    long total = 0;
    for (int i = 0; i < node.size(); i++) {
      String at = field + "[" + i + "]";
      JsonNode item = node.get(i);
      if (!exactly(v, at, item, VARIANT_MEMBERS, "a variant", "an object with id, url and weight")) {
        continue;
      }
      String id = required(v, at, item, "id") == null ? null : id(v, at + ".id", item.get("id"), VARIANT_ID,
          "must be 1 to 32 of A-Z a-z 0-9 _ -");
      if (id != null) {
        unique(v, at + ".id", id, ids, i, field);
      }
      String url = required(v, at, item, "url") == null ? null : LinkFields.url(v, at + ".url", item.get("url"), ours);
      Integer weight = required(v, at, item, "weight") == null ? null : weight(v, at + ".weight", item.get("weight"));
      if (id != null && url != null && weight != null) {
        variants.add(new Variant(id, url, weight));
        total += weight;
      }
    }
    if (v.count() > before) {
      return null;
    }
    return total > 0 || variants.isEmpty() ? variants
        : v.add(field, "weights sum to 0: at least one variant needs a weight above 0");
  }

  private static Integer weight(Violations v, String field, JsonNode node) {
    if (!node.isIntegralNumber() || !node.canConvertToInt() || node.intValue() < 0
        || node.intValue() > Routing.MAX_WEIGHT) {
      return v.add(field, "must be an integer from 0 to " + Routing.MAX_WEIGHT);
    }
    return node.intValue();
  }

  /** Up to {@link Routing#MAX_RULES} rules in order, ids unique; an empty array means none. */
  static List<Rule> rules(Violations v, String field, JsonNode node, ShortUrlHosts ours) {
    if (!node.isArray()) {
      return v.add(field, "must be an array of at most " + Routing.MAX_RULES + " {when, url} objects");
    }
    if (node.size() > Routing.MAX_RULES) {
      return v.add(field, "must hold at most " + Routing.MAX_RULES + " rules, had " + node.size());
    }
    int before = v.count();
    List<Rule> rules = new ArrayList<>();
    Map<String, Integer> ids = new HashMap<>();
    for (int i = 0; i < node.size(); i++) {
      Rule rule = rule(v, field + "[" + i + "]", node.get(i), ours, ids, i, field);
      if (rule != null) {
        rules.add(rule);
      }
    }
    return v.count() > before ? null : rules;
  }

  private static Rule rule(Violations v, String at, JsonNode item, ShortUrlHosts ours, Map<String, Integer> ids,
      int index, String list) {
    if (!exactly(v, at, item, RULE_MEMBERS, "a rule", "an object with when and url (or variants)")) {
      return null;
    }
    int before = v.count();
    String id = null;
    JsonNode idNode = present(item, "id");
    if (idNode != null) {
      id = id(v, at + ".id", idNode, RULE_ID, "must start with a letter, then up to 31 of A-Z a-z 0-9 _ -");
      if (id != null && Routing.RESERVED_RULE_IDS.contains(id.toLowerCase(Locale.ROOT))) {
        id = v.add(at + ".id", "is reserved: " + String.join(", ", Violations.sorted(Routing.RESERVED_RULE_IDS))
            + " name what decided besides the rules; choose another id");
      }
      if (id != null) {
        unique(v, at + ".id", id, ids, index, list);
      }
    }
    JsonNode whenNode = present(item, "when");
    When when = whenNode == null ? v.add(at + ".when", "is required: an object of conditions, {} for every visitor")
        : WhenFields.when(v, at + ".when", whenNode);
    JsonNode urlNode = present(item, "url");
    JsonNode variantsNode = present(item, "variants");
    String url = null;
    List<Variant> variants = null;
    if (urlNode != null && variantsNode != null) {
      v.add(at, "must lead to url or to variants, not both");
    } else if (urlNode == null && variantsNode == null) {
      v.add(at, "must lead somewhere: set url or variants");
    } else if (urlNode != null) {
      url = LinkFields.url(v, at + ".url", urlNode, ours);
    } else {
      variants = variants(v, at + ".variants", variantsNode, ours, true);
    }
    return v.count() > before ? null : new Rule(id, when, url, variants);
  }

  /**
   * A preview: title, description and image, at least one given. With {@code base}, the node is a
   * merge patch on it ({@code null} removes a key); the result may then be empty (all {@code null}).
   */
  static Preview preview(Violations v, String field, JsonNode node, Preview base) {
    if (!exactly(v, field, node, PREVIEW_MEMBERS, "a preview member", "an object with any of title, description, image")) {
      return null;
    }
    if (node.isEmpty()) {
      return v.add(field, "must set at least one of description, image, title");
    }
    int before = v.count();
    String title = base == null ? null : base.title();
    String description = base == null ? null : base.description();
    String image = base == null ? null : base.image();
    if (node.has("title")) {
      JsonNode n = node.get("title");
      title = n.isNull() ? null : LinkFields.text(v, field + ".title", n, MAX_TITLE_LENGTH);
    }
    if (node.has("description")) {
      JsonNode n = node.get("description");
      description = n.isNull() ? null : LinkFields.text(v, field + ".description", n, MAX_DESCRIPTION_LENGTH);
    }
    if (node.has("image")) {
      JsonNode n = node.get("image");
      image = n.isNull() || LinkFields.httpUrl(v, field + ".image", n) == null ? null : n.textValue();
    }
    return v.count() > before ? null : new Preview(title, description, image);
  }

  static boolean isEmpty(Preview preview) {
    return preview.title() == null && preview.description() == null && preview.image() == null;
  }

  private static Long maxHits(Violations v, String field, JsonNode node) {
    if (!node.isIntegralNumber() || !node.canConvertToLong() || node.longValue() < 1 || node.longValue() > MAX_HITS) {
      return v.add(field, "must be an integer from 1 to " + MAX_HITS);
    }
    return node.longValue();
  }

  /** True when {@code node} is an object holding only {@code allowed} members; else records why not. */
  static boolean exactly(Violations v, String field, JsonNode node, Set<String> allowed, String what,
      String shape) {
    if (!node.isObject()) {
      v.add(field, "must be " + shape);
      return false;
    }
    boolean ok = true;
    for (Map.Entry<String, JsonNode> e : node.properties()) {
      if (!allowed.contains(e.getKey())) {
        v.add(field + "." + e.getKey(), "is not " + what + "; allowed: " + String.join(", ", Violations.sorted(allowed)));
        ok = false;
      }
    }
    return ok;
  }

  private static JsonNode required(Violations v, String at, JsonNode item, String member) {
    JsonNode node = present(item, member);
    return node == null ? v.add(at + "." + member, "is required") : node;
  }

  private static String id(Violations v, String field, JsonNode node, Pattern pattern, String rule) {
    if (!node.isTextual()) {
      return v.add(field, "must be a string");
    }
    return pattern.matcher(node.textValue()).matches() ? node.textValue() : v.add(field, rule);
  }

  private static void unique(Violations v, String field, String id, Map<String, Integer> seen, int index, String list) {
    Integer first = seen.putIfAbsent(id, index);
    if (first != null) {
      v.add(field, "repeats the id '" + id + "' of " + list + "[" + first + "]; ids must be unique");
    }
  }

  static JsonNode present(JsonNode object, String member) {
    JsonNode node = object.get(member);
    return node == null || node.isNull() ? null : node;
  }
}
