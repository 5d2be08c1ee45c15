package dev.waymark.redirect;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Builds the {@code Location} of a redirect: the link's destination with the request's query
 * parameters carried over, minus the {@code qr} marker that printed codes carry and minus any
 * {@code wm_click} (only Waymark may hand out a click id), plus, for a link with conversions, the
 * hit's own {@code wm_click}, plus the link's UTM values as {@code utm_*} parameters for every key
 * that neither the destination nor the request sets already.
 *
 * <p>Precedence, then: the destination's own parameters come first and are never changed; the
 * request's follow as sent; the link's {@code utm} fills only the {@code utm_*} keys left unset.
 *
 * <p>The request's raw query is copied as sent (it is already percent-encoded), except that any
 * character that may not appear in a header value or URL is percent-encoded, so no client input
 * can produce an invalid header (and with it a 500).
 */
final class Location {

  /** The parameter that carries a hit's id to a shop that reports conversions. */
  static final String CLICK = "wm_click";

  private static final char[] HEX = "0123456789ABCDEF".toCharArray();
  /** The order the link's UTM values are appended in: the order analytics tools list them. */
  private static final List<String> UTM_ORDER = List.of("source", "medium", "campaign", "term", "content");

  private Location() {}

  /**
   * The redirect target for {@code url} and the request's raw query ({@code null} when none):
   * {@code url} itself when no parameter is carried over.
   */
  static CharSequence of(CharSequence url, String rawQuery) {
    if (rawQuery == null || rawQuery.isEmpty()) {
      return url;
    }
    return withQuery(url, rawQuery, null, Map.of());
  }

  /** As {@link #of(CharSequence, String)}, with {@code wm_click=<click>} as the last parameter. */
  static CharSequence of(CharSequence url, String rawQuery, UUID click) {
    return withQuery(url, rawQuery == null ? "" : rawQuery, click, Map.of());
  }

  /**
   * As {@link #of(CharSequence, String)}, plus the link's {@code utm} (keys source, medium, ...)
   * as {@code utm_*} parameters not already set, and {@code wm_click=<click>} when {@code click}
   * is not {@code null}.
   */
  static CharSequence of(CharSequence url, String rawQuery, UUID click, Map<String, String> utm) {
    if (utm.isEmpty() && click == null) {
      return of(url, rawQuery);
    }
    return withQuery(url, rawQuery == null ? "" : rawQuery, click, utm);
  }

  private static CharSequence withQuery(CharSequence target, String rawQuery, UUID click, Map<String, String> utm) {
    StringBuilder carried = new StringBuilder(rawQuery.length() + (click == null ? 0 : 46));
    int from = 0;
    while (from <= rawQuery.length()) {
      int end = rawQuery.indexOf('&', from);
      if (end < 0) {
        end = rawQuery.length();
      }
      if (end > from && !isNamed(rawQuery, from, end, "qr") && !isNamed(rawQuery, from, end, CLICK)) {
        if (carried.length() > 0) {
          carried.append('&');
        }
        appendSafe(carried, rawQuery, from, end);
      }
      from = end + 1;
    }
    String url = target.toString();
    int hash = url.indexOf('#');
    String base = hash < 0 ? url : url.substring(0, hash);
    if (!utm.isEmpty()) {
      int question = base.indexOf('?');
      String own = question < 0 ? "" : base.substring(question + 1);
      for (String key : UTM_ORDER) {
        String value = utm.get(key);
        String name = "utm_" + key;
        if (value != null && !hasParameter(own, name) && !hasParameter(rawQuery, name)) {
          carried.append(carried.length() > 0 ? "&" : "").append(name).append('=')
              .append(URLEncoder.encode(value, StandardCharsets.UTF_8));
        }
      }
    }
    if (click != null) {
      carried.append(carried.length() > 0 ? "&" : "").append(CLICK).append('=').append(click);
    }
    if (carried.length() == 0) {
      return target;
    }
    StringBuilder location = new StringBuilder(url.length() + carried.length() + 1).append(base);
    if (base.indexOf('?') < 0) {
      location.append('?');
    } else if (!base.endsWith("?") && !base.endsWith("&")) {
      location.append('&');
    }
    location.append(carried);
    if (hash >= 0) {
      location.append(url, hash, url.length());
    }
    return location.toString();
  }

  /** True when {@code rawQuery} has a parameter named {@code name}, with or without a value. */
  private static boolean hasParameter(String rawQuery, String name) {
    int from = 0;
    while (from < rawQuery.length()) {
      int end = rawQuery.indexOf('&', from);
      if (end < 0) {
        end = rawQuery.length();
      }
      if (end > from && isNamed(rawQuery, from, end, name)) {
        return true;
      }
      from = end + 1;
    }
    return false;
  }

  /**
   * True when the raw query says the request came from a printed code: exactly {@code qr=1}, the
   * marker Waymark prints. {@code qr=0}, a bare {@code qr} or {@code qr=yes} are stripped from the
   * destination like every {@code qr} parameter, but do not make a scan.
   */
  static boolean hasQrMarker(String rawQuery) {
    if (rawQuery == null) {
      return false;
    }
    int from = 0;
    while (from < rawQuery.length()) {
      int end = rawQuery.indexOf('&', from);
      if (end < 0) {
        end = rawQuery.length();
      }
      if (end - from == 4 && rawQuery.startsWith("qr=1", from)) {
        return true;
      }
      from = end + 1;
    }
    return false;
  }

  /**
   * True when the parameter in {@code q} from {@code from} to {@code end} is named {@code name},
   * with or without a value. Escapes in the name are decoded first, as the destination's server
   * will decode them: {@code wm%5Fclick} is a {@code wm_click} too.
   */
  private static boolean isNamed(String q, int from, int end, String name) {
    int matched = 0;
    int i = from;
    while (i < end && q.charAt(i) != '=') {
      int c = q.charAt(i);
      if (c == '%' && i + 2 < end && hex(q.charAt(i + 1)) >= 0 && hex(q.charAt(i + 2)) >= 0) {
        c = hex(q.charAt(i + 1)) << 4 | hex(q.charAt(i + 2));
        i += 3;
      } else {
        i++;
      }
      if (matched == name.length() || name.charAt(matched) != c) {
        return false;
      }
      matched++;
    }
    return matched == name.length();
  }

  /** The value of an ASCII hex digit, else -1 (Character.digit would take other scripts' digits too). */
  private static int hex(char c) {
    return c >= '0' && c <= '9' ? c - '0'
        : c >= 'A' && c <= 'F' ? c - 'A' + 10
        : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
  }

  private static void appendSafe(StringBuilder out, String s, int from, int end) {
    for (int i = from; i < end; i++) {
      char c = s.charAt(i);
      if (c > 0x20 && c < 0x7f && c != '"' && c != '<' && c != '>' && c != '\\' && c != '^'
          && c != '`' && c != '{' && c != '|' && c != '}' && c != '#') {
        out.append(c);
      } else if (c <= 0xff) {
        out.append('%').append(HEX[c >> 4]).append(HEX[c & 0xf]);
      } else {
        // Not a byte: the request line was not ASCII/Latin-1. Replace rather than guess.
        out.append("%EF%BF%BD");
      }
    }
  }
}
