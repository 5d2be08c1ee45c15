package dev.waymark.admin.link;

import com.fasterxml.jackson.databind.JsonNode;
import dev.waymark.admin.http.Violations;
import dev.waymark.journey.Stage;
import dev.waymark.link.Codes;
import dev.waymark.link.FieldLimits;
import dev.waymark.link.Link;
import dev.waymark.link.Medium;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The rules for every writable field of a link, shared by create and patch so both accept
 * exactly the same values. Each method returns the clean value, or records why not and returns
 * {@code null}.
 */
public final class LinkFields {

  /** The range of every date the link API takes; see {@link #expiresAt}. */
  static final Instant EARLIEST_INSTANT = Instant.parse("2000-01-01T00:00:00Z");
  static final Instant LATEST_INSTANT = Instant.parse("9999-12-31T23:59:59Z");
  static final Set<String> UTM_KEYS = Set.of("source", "medium", "campaign", "term", "content");
  private static final Pattern TAG = Pattern.compile("[A-Za-z0-9_.:-]{1," + FieldLimits.MAX_TAG_LENGTH + "}");

  private LinkFields() {}

  /**
   * An absolute http(s) URL a browser can follow, that does not lead back to one of our codes,
   * on a host the operator's destination rules accept.
   */
  public static String url(Violations v, String field, JsonNode node, ShortUrlHosts ours) {
    URI uri = httpUrl(v, field, node);
    if (uri == null) {
      return null;
    }
    String problem = ours.loopProblem(uri);
    if (problem == null) {
      problem = ours.hostProblem(uri);
    }
    return problem == null ? node.textValue() : v.add(field, problem);
  }

  /**
   * An absolute http(s) URL of at most 2048 ASCII characters with a host and no user information,
   * whatever host it names: for URLs that are fetched (a preview image), not redirected to.
   */
  static URI httpUrl(Violations v, String field, JsonNode node) {
    if (!node.isTextual()) {
      return v.add(field, "must be a string");
    }
    String url = node.textValue();
    if (url.length() > FieldLimits.MAX_URL_LENGTH) {
      return v.add(field, "must be at most " + FieldLimits.MAX_URL_LENGTH + " characters, was " + url.length());
    }
    for (int i = 0; i < url.length(); i++) {
      char c = url.charAt(i);
      if (c <= ' ' || c == 0x7f) {
        return v.add(field, "must not contain spaces or control characters (at index " + i + ")");
      }
      if (c > 0x7e) {
        // Non-ASCII would reach the Location header mangled; IRIs must be percent-encoded first.
        return v.add(field, "must be ASCII: percent-encode other characters and write hosts in punycode");
      }
    }
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      return v.add(field, "is not a valid URL (" + e.getReason() + " at index " + e.getIndex() + ")");
    }
    String scheme = uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT);
    if (scheme == null || uri.isOpaque() || !(scheme.equals("http") || scheme.equals("https"))) {
      return v.add(field, "must be an absolute http or https URL");
    }
    if (uri.getRawUserInfo() != null) {
      // http://trusted.example@evil.example/ is a classic phishing disguise.
      return v.add(field, "must not contain user information (user@host)");
    }
    if (uri.getHost() == null || uri.getHost().isEmpty()) {
      return v.add(field, "must have a valid host name");
    }
    if (uri.getPort() > 65535) {
      return v.add(field, "has a port above 65535");
    }
    return uri;
  }

  public static String slug(Violations v, String field, JsonNode node) {
    if (!node.isTextual()) {
      return v.add(field, "must be a string");
    }
    String problem = Codes.slugProblem(node.textValue());
    return problem == null ? node.textValue() : v.add(field, problem);
  }

  /** Campaign, channel and source: trimmed, 1 to 128 characters, no control characters. */
  public static String text(Violations v, String field, JsonNode node, int maxLength) {
    if (!node.isTextual()) {
      return v.add(field, "must be a string");
    }
    String text = node.textValue().strip();
    if (text.isEmpty()) {
      return v.add(field, "must not be blank");
    }
    if (text.length() > maxLength) {
      return v.add(field, "must be at most " + maxLength + " characters, was " + text.length());
    }
    if (text.chars().anyMatch(Character::isISOControl)) {
      return v.add(field, "must not contain control characters");
    }
    return text;
  }

  public static Medium medium(Violations v, String field, JsonNode node) {
    if (!node.isTextual()) {
      return v.add(field, "must be a string");
    }
    try {
      return Medium.of(node.textValue());
    } catch (IllegalArgumentException e) {
      return v.add(field, e.getMessage());
    }
  }

  public static Stage stage(Violations v, String field, JsonNode node) {
    if (!node.isTextual()) {
      return v.add(field, "must be a string");
    }
    try {
      return Stage.of(node.textValue());
    } catch (IllegalArgumentException e) {
      return v.add(field, e.getMessage());
    }
  }

  /** At most 32 tags of {@code [A-Za-z0-9_.:-]{1,64}}; duplicates are dropped, first one wins. */
  static List<String> tags(Violations v, String field, JsonNode node) {
    if (!node.isArray()) {
      return v.add(field, "must be an array of strings");
    }
    if (node.size() > FieldLimits.MAX_TAGS) {
      return v.add(field, "must hold at most " + FieldLimits.MAX_TAGS + " tags, had " + node.size());
    }
    Set<String> tags = new LinkedHashSet<>();
    boolean ok = true;
    for (int i = 0; i < node.size(); i++) {
      JsonNode tag = node.get(i);
      String name = field + "[" + i + "]";
      if (!tag.isTextual()) {
        v.add(name, "must be a string");
        ok = false;
      } else if (tag(v, name, tag.textValue()) == null) {
        ok = false;
      } else {
        tags.add(tag.textValue());
      }
    }
    return ok ? new ArrayList<>(tags) : null;
  }

  static String tag(Violations v, String field, String tag) {
    return TAG.matcher(tag).matches() ? tag : v.add(field, "must be 1 to " + FieldLimits.MAX_TAG_LENGTH + " of A-Z a-z 0-9 _ . : -");
  }

  /**
   * A UTM set: only the keys source, medium, campaign, term, content, each a string. With
   * {@code base} given, the node is a merge patch on it (RFC 7396): {@code null} removes a key.
   */
  static Map<String, String> utm(Violations v, String field, JsonNode node, Map<String, String> base) {
    if (!node.isObject()) {
      return v.add(field, "must be an object with any of the keys " + String.join(", ", Violations.sorted(UTM_KEYS)));
    }
    Map<String, String> utm = new LinkedHashMap<>(base);
    boolean ok = true;
    for (Map.Entry<String, JsonNode> e : node.properties()) {
      String name = field + "." + e.getKey();
      if (!UTM_KEYS.contains(e.getKey())) {
        v.add(name, "is not a UTM key; allowed: " + String.join(", ", Violations.sorted(UTM_KEYS)));
        ok = false;
      } else if (e.getValue().isNull()) {
        utm.remove(e.getKey());
      } else {
        String value = text(v, name, e.getValue(), FieldLimits.MAX_UTM_LENGTH);
        ok &= value != null;
        if (value != null) {
          utm.put(e.getKey(), value);
        }
      }
    }
    return ok ? utm : null;
  }

  static Integer redirect(Violations v, String field, JsonNode node) {
    if (!node.isIntegralNumber() || !node.canConvertToInt()) {
      return v.add(field, "must be an integer: 301, 302, 307 or 308");
    }
    int status = node.intValue();
    return Link.REDIRECT_STATUSES.contains(status) ? status : v.add(field, "must be 301, 302, 307 or 308, was " + status);
  }

  /**
   * An instant after {@code now} and no later than {@link #LATEST_INSTANT}. Java parses instants
   * up to the year 1,000,000,000, but the redirect path keeps expiry as epoch milliseconds, which
   * end in the year 292,278,994; and RFC 3339, which the spec's {@code date-time} promises
   * clients, has four-digit years. So every date the API takes stays within four-digit years.
   */
  public static Instant expiresAt(Violations v, String field, JsonNode node, Instant now) {
    Instant at = instant(v, field, node);
    if (at == null) {
      return null;
    }
    return at.isAfter(now) ? at : v.add(field, "must be in the future, was " + at);
  }

  /** An instant between {@link #EARLIEST_INSTANT} and {@link #LATEST_INSTANT}, past or future. */
  static Instant instant(Violations v, String field, JsonNode node) {
    if (!node.isTextual()) {
      return v.add(field, "must be an ISO-8601 instant string such as 2030-01-31T23:59:59Z");
    }
    Instant at;
    try {
      at = Instant.parse(node.textValue());
    } catch (DateTimeParseException e) {
      return v.add(field, "must be an ISO-8601 instant such as 2030-01-31T23:59:59Z");
    }
    if (at.isBefore(EARLIEST_INSTANT) || at.isAfter(LATEST_INSTANT)) {
      return v.add(field, "must be between " + EARLIEST_INSTANT + " and " + LATEST_INSTANT + ", was " + at);
    }
    return at;
  }

  public static Boolean bool(Violations v, String field, JsonNode node) {
    return node.isBoolean() ? node.booleanValue() : v.add(field, "must be true or false");
  }
}
