package dev.waymark.admin.link;

import com.fasterxml.jackson.databind.JsonNode;
import dev.waymark.admin.http.Violations;
import dev.waymark.routing.BrowserFamily;
import dev.waymark.routing.DeviceType;
import dev.waymark.routing.OsFamily;
import dev.waymark.routing.TimeWindow;
import dev.waymark.routing.When;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The rules for a rule's {@code when} conditions, as {@link RoutingFields} reads them: known keys
 * only, no empty lists, names of the {@link dev.waymark.routing} enums, ISO country and language
 * codes normalised to the case the redirect compares, times and zones that parse.
 */
final class WhenFields {

  /** Query conditions of one rule, and the length of each name and value. */
  static final int MAX_QUERY_PARAMS = 20;
  static final int MAX_QUERY_LENGTH = 256;
  static final List<String> DAYS = List.of("mon", "tue", "wed", "thu", "fri", "sat", "sun");

  private static final Set<String> TIME_MEMBERS = Set.of("from", "to", "days", "tz");
  private static final Pattern TIME = Pattern.compile("([01][0-9]|2[0-3]):[0-5][0-9]");
  private static final Pattern LANGUAGE = Pattern.compile("([A-Za-z]{2})(?:-([A-Za-z]{2}))?");
  private static final Set<String> COUNTRIES = Set.of(Locale.getISOCountries());
  private static final Set<String> LANGUAGES = Set.of(Locale.getISOLanguages());
  private static final Set<String> DEVICES = wireNames(DeviceType.values(), DeviceType::wireName);
  private static final Set<String> OSES = wireNames(OsFamily.values(), OsFamily::wireName);
  private static final Set<String> BROWSERS = wireNames(BrowserFamily.values(), BrowserFamily::wireName);

  private WhenFields() {}

  static When when(Violations v, String field, JsonNode node) {
    String known = "known: " + String.join(", ", Violations.sorted(Set.copyOf(When.KEYS)));
    if (!node.isObject()) {
      return v.add(field, "must be an object of conditions; " + known);
    }
    int before = v.count();
    for (Map.Entry<String, JsonNode> e : node.properties()) {
      if (!When.KEYS.contains(e.getKey())) {
        v.add(field + "." + e.getKey(), "is not a condition; " + known);
      }
    }
    List<String> device = names(v, field + ".device", RoutingFields.present(node, "device"), "device", DEVICES,
        s -> s.toLowerCase(Locale.ROOT));
    List<String> os = names(v, field + ".os", RoutingFields.present(node, "os"), "operating system", OSES,
        s -> s.toLowerCase(Locale.ROOT));
    List<String> browser = names(v, field + ".browser", RoutingFields.present(node, "browser"), "browser", BROWSERS,
        s -> s.toLowerCase(Locale.ROOT));
    List<String> country = names(v, field + ".country", RoutingFields.present(node, "country"), "ISO 3166-1 alpha-2 country code",
        null, WhenFields::country);
    List<String> language = names(v, field + ".language", RoutingFields.present(node, "language"), "language", null,
        WhenFields::language);
    JsonNode qrNode = RoutingFields.present(node, "qr");
    Boolean qr = qrNode == null ? null : LinkFields.bool(v, field + ".qr", qrNode);
    JsonNode queryNode = RoutingFields.present(node, "query");
    Map<String, String> query = queryNode == null ? null : query(v, field + ".query", queryNode);
    JsonNode timeNode = RoutingFields.present(node, "time");
    TimeWindow time = timeNode == null ? null : time(v, field + ".time", timeNode);
    return v.count() > before ? null : new When(device, os, browser, country, language, qr, query, time);
  }

  /**
   * A non-empty list of distinct names, each made canonical by {@code normalise} ({@code null}
   * when it is no such name) and, when {@code known} is given, one of those.
   */
  private static List<String> names(Violations v, String field, JsonNode node, String what, Set<String> known,
      UnaryOperator<String> normalise) {
    if (node == null) {
      return null;
    }
    String allowed = known == null ? "" : "; known: " + String.join(", ", Violations.sorted(known));
    if (!node.isArray()) {
      return v.add(field, "must be an array of " + what + " names" + allowed);
    }
    if (node.isEmpty()) {
      return v.add(field, "must list at least one " + what + "; leave the condition out to match any");
    }
    int before = v.count();
    List<String> names = new ArrayList<>();
    for (int i = 0; i < node.size(); i++) {
      String at = field + "[" + i + "]";
      JsonNode item = node.get(i);
      String name = item.isTextual() ? normalise.apply(item.textValue()) : null;
      if (!item.isTextual()) {
        v.add(at, "must be a string");
      } else if (name == null || (known != null && !known.contains(name))) {
        v.add(at, "is not a known " + what + allowed);
      } else if (names.contains(name)) {
        v.add(at, "repeats '" + name + "'");
      } else {
        names.add(name);
      }
    }
    return v.count() > before ? null : names;
  }

  /** Upper case, when it is an ISO 3166-1 alpha-2 code; else {@code null}. */
  private static String country(String code) {
    String upper = code.toUpperCase(Locale.ROOT);
    return COUNTRIES.contains(upper) ? upper : null;
  }

  /** {@code nl} or {@code nl-BE} (ISO 639-1 language, ISO 3166-1 region), in that case; else {@code null}. */
  private static String language(String tag) {
    Matcher m = LANGUAGE.matcher(tag);
    if (!m.matches() || !LANGUAGES.contains(m.group(1).toLowerCase(Locale.ROOT))) {
      return null;
    }
    String language = m.group(1).toLowerCase(Locale.ROOT);
    if (m.group(2) == null) {
      return language;
    }
    String region = country(m.group(2));
    return region == null ? null : language + "-" + region;
  }

  private static Map<String, String> query(Violations v, String field, JsonNode node) {
    if (!node.isObject()) {
      return v.add(field, "must be an object of parameter names to values (\"*\" for any value)");
    }
    if (node.isEmpty()) {
      return v.add(field, "must list at least one parameter; leave the condition out to match any");
    }
    if (node.size() > MAX_QUERY_PARAMS) {
      return v.add(field, "must list at most " + MAX_QUERY_PARAMS + " parameters, had " + node.size());
    }
    int before = v.count();
    Map<String, String> query = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : node.properties()) {
      String name = e.getKey();
      String at = field + "." + name;
      if (name.isEmpty() || name.length() > MAX_QUERY_LENGTH || hasControl(name)) {
        v.add(field, "parameter names must be 1 to " + MAX_QUERY_LENGTH + " characters without control characters");
      } else if (!e.getValue().isTextual()) {
        v.add(at, "must be a string: the decoded value, or \"*\" for any value");
      } else if (e.getValue().textValue().length() > MAX_QUERY_LENGTH || hasControl(e.getValue().textValue())) {
        v.add(at, "must be at most " + MAX_QUERY_LENGTH + " characters without control characters");
      } else {
        query.put(name, e.getValue().textValue());
      }
    }
    return v.count() > before ? null : query;
  }

  private static TimeWindow time(Violations v, String field, JsonNode node) {
    if (!RoutingFields.exactly(v, field, node, TIME_MEMBERS, "a time member", "an object with tz and any of from, to, days")) {
      return null;
    }
    int before = v.count();
    JsonNode fromNode = RoutingFields.present(node, "from");
    JsonNode toNode = RoutingFields.present(node, "to");
    JsonNode daysNode = RoutingFields.present(node, "days");
    String from = fromNode == null ? null : clock(v, field + ".from", fromNode);
    String to = toNode == null ? null : clock(v, field + ".to", toNode);
    List<String> days = names(v, field + ".days", daysNode, "day", Set.copyOf(DAYS), s -> s.toLowerCase(Locale.ROOT));
    String tz = zone(v, field + ".tz", RoutingFields.present(node, "tz"));
    if (fromNode == null && toNode == null && daysNode == null) {
      v.add(field, "must set at least one of from, to, days");
    } else if (from != null && from.equals(to)) {
      v.add(field + ".to", "must differ from from: the window would be empty (leave both out for the whole day)");
    }
    if (v.count() > before) {
      return null;
    }
    // Days in week order, whatever order they came in: one canonical stored form.
    return new TimeWindow(from, to, days == null ? null : DAYS.stream().filter(days::contains).toList(), tz);
  }

  private static String clock(Violations v, String field, JsonNode node) {
    return node.isTextual() && TIME.matcher(node.textValue()).matches() ? node.textValue()
        : v.add(field, "must be a local time HH:mm from 00:00 to 23:59");
  }

  /**
   * Any zone {@link ZoneId#of} reads: an IANA region ({@code Europe/Amsterdam}, which follows
   * daylight saving) and also a fixed offset ({@code +01:00}, {@code UTC}, which never does).
   */
  private static String zone(Violations v, String field, JsonNode node) {
    if (node == null) {
      return v.add(field, "is required: an IANA time zone such as Europe/Amsterdam");
    }
    if (!node.isTextual()) {
      return v.add(field, "must be a string: an IANA time zone such as Europe/Amsterdam");
    }
    try {
      ZoneId.of(node.textValue());
      return node.textValue();
    } catch (DateTimeException e) {
      return v.add(field, "is not a known time zone: use an IANA zone such as Europe/Amsterdam (case matters)"
          + " or a fixed offset such as +01:00");
    }
  }

  private static boolean hasControl(String s) {
    return s.chars().anyMatch(Character::isISOControl);
  }

  private static <E> Set<String> wireNames(E[] values, Function<E, String> wireName) {
    return Arrays.stream(values).map(wireName).collect(Collectors.toCollection(TreeSet::new));
  }
}
