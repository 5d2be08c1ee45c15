package dev.waymark.hit.enrich;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads the few facts the {@code hits} table keeps from raw request headers and the query string,
 * with hard limits so hostile input costs bounded work: referrer → host only, Accept-Language →
 * one primary language subtag, query string → UTM overrides only.
 */
final class RequestFields {

  /** Longer referrers are cut before parsing; real ones are far below this. */
  static final int MAX_REFERRER_CHARS = 4096;
  /** DNS limit for a host name. */
  static final int MAX_HOST_CHARS = 253;
  /** Accept-Language beyond this is ignored: browsers send a few dozen bytes. */
  static final int MAX_ACCEPT_LANGUAGE_CHARS = 256;
  /** Query strings are scanned up to this many chars and this many parameters. */
  static final int MAX_QUERY_CHARS = 8192;
  static final int MAX_QUERY_PARAMS = 128;
  static final int MAX_UTM_CHARS = 256;

  private static final Pattern HOST = Pattern.compile("[a-z0-9._-]+|\\[[0-9a-f:.]+\\]");
  private static final Pattern PRIMARY_TAG = Pattern.compile("[a-z]{2,3}");
  static final String[] UTM_KEYS = {"source", "medium", "campaign", "term", "content"};

  private RequestFields() {}

  /** The host of an http(s) referrer, lower case, {@code ""} when it is anything else. */
  static String referrerHost(String referrer) {
    if (referrer == null || referrer.isEmpty()) {
      return "";
    }
    String r = referrer.length() > MAX_REFERRER_CHARS ? referrer.substring(0, MAX_REFERRER_CHARS) : referrer;
    int scheme = r.indexOf("://");
    if (scheme < 0) {
      return "";
    }
    String s = r.substring(0, scheme).toLowerCase(Locale.ROOT);
    if (!s.equals("http") && !s.equals("https") && !s.equals("android-app")) {
      return "";
    }
    int start = scheme + 3;
    int end = start;
    while (end < r.length() && "/?#".indexOf(r.charAt(end)) < 0) {
      end++;
    }
    String authority = r.substring(start, end);
    authority = authority.substring(authority.lastIndexOf('@') + 1); // drop user:password@
    if (!authority.startsWith("[")) {
      int colon = authority.indexOf(':');
      authority = colon >= 0 ? authority.substring(0, colon) : authority;
    } else if (authority.indexOf(']') > 0) {
      authority = authority.substring(0, authority.indexOf(']') + 1);
    }
    String host = authority.toLowerCase(Locale.ROOT);
    if (host.endsWith(".")) {
      host = host.substring(0, host.length() - 1);
    }
    return host.length() <= MAX_HOST_CHARS && HOST.matcher(host).matches() ? host : "";
  }

  /**
   * The primary language subtag ({@code "nl"} for {@code "nl-NL,nl;q=0.9"}) of the range the
   * client prefers most (highest q, first on ties); {@code ""} when none is a language.
   */
  static String language(String acceptLanguage) {
    if (acceptLanguage == null || acceptLanguage.isEmpty()) {
      return "";
    }
    String header = acceptLanguage.length() > MAX_ACCEPT_LANGUAGE_CHARS
        ? acceptLanguage.substring(0, MAX_ACCEPT_LANGUAGE_CHARS) : acceptLanguage;
    String best = "";
    double bestQ = 0;
    for (String range : header.split(",", 32)) {
      String[] parts = range.split(";", 4);
      String tag = parts[0].trim().toLowerCase(Locale.ROOT);
      int dash = tag.indexOf('-');
      String primary = dash >= 0 ? tag.substring(0, dash) : tag;
      if (!PRIMARY_TAG.matcher(primary).matches()) {
        continue;
      }
      double q = 1.0;
      for (int i = 1; i < parts.length; i++) {
        String p = parts[i].trim();
        if (p.startsWith("q=")) {
          try {
            q = Double.parseDouble(p.substring(2));
          } catch (NumberFormatException e) {
            q = 0;
          }
        }
      }
      if (q > bestQ && q <= 1.0) {
        best = primary;
        bestQ = q;
      }
    }
    return best;
  }

  /**
   * UTM values: the link's own, each overridden by a non-empty {@code utm_*} parameter of the
   * request. Returned in {@link #UTM_KEYS} order.
   */
  static String[] utm(Map<String, String> linkUtm, String query) {
    String[] values = new String[UTM_KEYS.length];
    for (int i = 0; i < UTM_KEYS.length; i++) {
      String v = linkUtm == null ? null : linkUtm.get(UTM_KEYS[i]);
      values[i] = CleanText.of(v, MAX_UTM_CHARS);
    }
    if (query == null || query.isEmpty()) {
      return values;
    }
    String q = query.length() > MAX_QUERY_CHARS ? query.substring(0, MAX_QUERY_CHARS) : query;
    int params = 0;
    int start = 0;
    while (start <= q.length() && params++ < MAX_QUERY_PARAMS) {
      int amp = q.indexOf('&', start);
      int end = amp < 0 ? q.length() : amp;
      if (end - start > 4 && q.regionMatches(true, start, "utm_", 0, 4)) {
        override(values, q.substring(start, end));
      }
      if (amp < 0) {
        break;
      }
      start = amp + 1;
    }
    return values;
  }

  private static void override(String[] values, String param) {
    int eq = param.indexOf('=');
    if (eq < 0) {
      return;
    }
    String key = param.substring(4, eq).toLowerCase(Locale.ROOT);
    for (int i = 0; i < UTM_KEYS.length; i++) {
      if (UTM_KEYS[i].equals(key)) {
        String v = CleanText.of(decode(param.substring(eq + 1)), MAX_UTM_CHARS);
        if (!v.isEmpty()) {
          values[i] = v;
        }
        return;
      }
    }
  }

  private static String decode(String raw) {
    try {
      return URLDecoder.decode(raw, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return raw; // a broken %-escape: keep the text as sent rather than lose the value
    }
  }
}
