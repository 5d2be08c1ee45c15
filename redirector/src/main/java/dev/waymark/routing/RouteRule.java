package dev.waymark.routing;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One {@link Rule} compiled for the event loop: device, OS and browser lists as bit masks over the
 * vocabularies, countries upper-cased, languages, query and time window compiled, and its
 * destination ready as a {@link Decision} (or its {@link VariantSet}). Conditions are tested
 * cheapest first by {@link Router}. A list that names only words outside the vocabulary matches
 * nobody. Immutable and thread-safe (but for {@link TimeMatch}'s benign cache).
 */
final class RouteRule {

  /** A mask that holds for every agent: the condition is absent. */
  static final int ANY = -1;

  final String id;
  final int devices;
  final int systems;
  final int browsers;
  /** {@code null}: any. */
  final String[] countries;
  final Languages languages;
  /** {@code null}: both. */
  final Boolean qr;
  /** {@code null}: no query condition; else UTF-8 names and values side by side, a value {@code null} for "*". */
  final byte[][] queryNames;
  final byte[][] queryValues;
  final TimeMatch time;
  /** The destination when the rule leads to one URL, else {@code null}. */
  final Decision decision;
  /** The variants when the rule leads to variants, else {@code null}. */
  final VariantSet variants;

  private RouteRule(String id, When when, Decision decision, VariantSet variants) {
    this.id = id;
    this.devices = mask(when.device(), DeviceType.values());
    this.systems = mask(when.os(), OsFamily.values());
    this.browsers = mask(when.browser(), BrowserFamily.values());
    this.countries = when.country().isEmpty() ? null
        : when.country().stream().map(c -> c.toUpperCase(Locale.ROOT)).toArray(String[]::new);
    this.languages = Languages.of(when.language());
    this.qr = when.qr();
    if (when.query().isEmpty()) {
      this.queryNames = null;
      this.queryValues = null;
    } else {
      int n = when.query().size();
      this.queryNames = new byte[n][];
      this.queryValues = new byte[n][];
      int i = 0;
      for (Map.Entry<String, String> e : when.query().entrySet()) {
        queryNames[i] = QueryParams.utf8(e.getKey());
        queryValues[i] = e.getValue().equals("*") ? null : QueryParams.utf8(e.getValue());
        i++;
      }
    }
    this.time = TimeMatch.of(when.time());
    this.decision = decision;
    this.variants = variants;
  }

  /** Rule {@code index} of the link or touchpoint {@code code} (whose hash its variants use). */
  static RouteRule of(String code, int index, Rule rule) {
    String id = rule.id() == null || rule.id().isEmpty() ? Integer.toString(index) : rule.id();
    Decision decision = rule.url() == null ? null : new Decision(Decision.Kind.REDIRECT, rule.url(), "", id, null);
    return new RouteRule(id, rule.when(), decision, VariantSet.of(code, rule.variants(), id));
  }

  /** The {@code ios} or {@code android} shortcut to {@code url}: an OS rule whose id is the OS's name. */
  static RouteRule shortcut(OsFamily os, String url) {
    String id = os.wireName();
    When when = new When(null, List.of(id), null, null, null, null, Map.of(), null);
    return new RouteRule(id, when, new Decision(Decision.Kind.REDIRECT, url, "", id, null), null);
  }

  /** True when the rule asks about the user agent beyond bot or person. */
  boolean asksAgent() {
    return devices != ANY || systems != ANY || browsers != ANY;
  }

  boolean matchesAgent(Agent agent) {
    return holds(devices, agent.device()) && holds(systems, agent.os()) && holds(browsers, agent.browser());
  }

  boolean matchesCountry(String country) {
    for (String c : countries) {
      if (c.equals(country)) {
        return true;
      }
    }
    return false;
  }

  boolean matchesQuery(String rawQuery, int[] index) {
    for (int i = 0; i < queryNames.length; i++) {
      if (!QueryParams.has(rawQuery, index, queryNames[i], queryValues[i])) {
        return false;
      }
    }
    return true;
  }

  private static boolean holds(int mask, Enum<?> value) {
    return mask == ANY || (value != null && (mask & (1 << value.ordinal())) != 0);
  }

  private static <E extends Enum<E>> int mask(List<String> names, E[] vocabulary) {
    if (names.isEmpty()) {
      return ANY;
    }
    int mask = 0;
    for (String name : names) {
      for (E e : vocabulary) {
        if (e.name().equalsIgnoreCase(name)) {
          mask |= 1 << e.ordinal();
        }
      }
    }
    return mask;
  }
}
