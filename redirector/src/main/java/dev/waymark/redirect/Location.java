package dev.waymark.redirect;

/**
 * Builds the {@code Location} of a redirect: the link's destination with the request's query
 * parameters carried over, minus the {@code qr} marker that printed codes carry.
 *
 * <p>The request's raw query is copied as sent (it is already percent-encoded), except that any
 * character that may not appear in a header value or URL is percent-encoded, so no client input
 * can produce an invalid header (and with it a 500).
 */
final class Location {

  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private Location() {}

  /**
   * The redirect target for {@code url} and the request's raw query ({@code null} when none):
   * {@code url} itself when no parameter is carried over.
   */
  static CharSequence of(CharSequence url, String rawQuery) {
    if (rawQuery == null || rawQuery.isEmpty()) {
      return url;
    }
    return withQuery(url, rawQuery);
  }

  private static CharSequence withQuery(CharSequence target, String rawQuery) {
    StringBuilder carried = new StringBuilder(rawQuery.length());
    int from = 0;
    while (from <= rawQuery.length()) {
      int end = rawQuery.indexOf('&', from);
      if (end < 0) {
        end = rawQuery.length();
      }
      if (end > from && !isQrMarker(rawQuery, from, end)) {
        if (carried.length() > 0) {
          carried.append('&');
        }
        appendSafe(carried, rawQuery, from, end);
      }
      from = end + 1;
    }
    if (carried.length() == 0) {
      return target;
    }
    String url = target.toString();
    int hash = url.indexOf('#');
    String base = hash < 0 ? url : url.substring(0, hash);
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

  private static boolean isQrMarker(String q, int from, int end) {
    int len = end - from;
    return q.startsWith("qr", from) && (len == 2 || (len > 2 && q.charAt(from + 2) == '='));
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
