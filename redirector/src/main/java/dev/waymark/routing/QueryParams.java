package dev.waymark.routing;

import java.nio.charset.StandardCharsets;

/**
 * A request's query parameters, read once per decision and only when a rule asks, without copying
 * them: {@link #index} finds where each name and value lie in the raw query, and {@link #has}
 * percent-decodes in place ({@code +} as a space, UTF-8) while comparing with a rule's bytes. A
 * malformed escape stands for itself, as written; a parameter without {@code =} has the value
 * {@code ""}. Stateless; the index is the only allocation.
 */
final class QueryParams {

  /** The index of a request without a query. */
  static final int[] NONE = new int[0];

  private QueryParams() {}

  /** A rule's name or value as the bytes a decoded parameter must equal. */
  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Where the parameters of {@code rawQuery} (without the {@code ?}; {@code null} for none) lie:
   * per parameter its start, the end of its name and its end (three ints); empty parts skipped.
   */
  static int[] index(String rawQuery) {
    if (rawQuery == null || rawQuery.isEmpty()) {
      return NONE;
    }
    int parts = 1;
    for (int i = 0; i < rawQuery.length(); i++) {
      if (rawQuery.charAt(i) == '&') {
        parts++;
      }
    }
    int[] index = new int[parts * 3];
    int n = 0;
    for (int i = 0; i <= rawQuery.length(); ) {
      int end = rawQuery.indexOf('&', i);
      if (end < 0) {
        end = rawQuery.length();
      }
      if (end > i) {
        int eq = rawQuery.indexOf('=', i);
        index[n++] = i;
        index[n++] = eq < 0 || eq > end ? end : eq;
        index[n++] = end;
      }
      i = end + 1;
    }
    if (n < index.length) {
      index[n] = -1; // the parameters end here
    }
    return index;
  }

  /**
   * True when the parameter {@code name} is present with the value {@code value} (any of its
   * occurrences), or at all when {@code value} is {@code null}.
   */
  static boolean has(String raw, int[] index, byte[] name, byte[] value) {
    for (int p = 0; p + 2 < index.length && index[p] >= 0; p += 3) {
      int start = index[p];
      int nameEnd = index[p + 1];
      int end = index[p + 2];
      if (!decodedEquals(raw, start, nameEnd, name)) {
        continue;
      }
      if (value == null || decodedEquals(raw, nameEnd == end ? end : nameEnd + 1, end, value)) {
        return true;
      }
    }
    return false;
  }

  /** True when {@code raw[from, to)}, percent-decoded, is the bytes {@code expected}. */
  static boolean decodedEquals(String raw, int from, int to, byte[] expected) {
    int k = 0;
    int i = from;
    while (i < to) {
      char c = raw.charAt(i);
      int b;
      int h;
      if (c == '+') {
        b = ' ';
        i++;
      } else if (c == '%' && (h = hex(raw, i + 1, to)) >= 0) {
        b = h;
        i += 3;
      } else if (c < 0x80) {
        b = c;
        i++;
      } else {
        // Raw queries are ASCII on the wire; a client that sent text as is is compared as UTF-8.
        int cp = raw.codePointAt(i);
        i += Character.charCount(cp);
        k = matchUtf8(cp, expected, k);
        if (k < 0) {
          return false;
        }
        continue;
      }
      if (k >= expected.length || expected[k] != (byte) b) {
        return false;
      }
      k++;
    }
    return k == expected.length;
  }

  /** The position after {@code cp}'s UTF-8 bytes when {@code expected} has them at {@code k}, else -1. */
  private static int matchUtf8(int cp, byte[] expected, int k) {
    int len = cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
    if (k + len > expected.length) {
      return -1;
    }
    int lead = len == 2 ? 0xc0 | cp >> 6 : len == 3 ? 0xe0 | cp >> 12 : 0xf0 | cp >> 18;
    if (expected[k] != (byte) lead) {
      return -1;
    }
    for (int j = 1; j < len; j++) {
      int shift = 6 * (len - 1 - j);
      if (expected[k + j] != (byte) (0x80 | (cp >> shift) & 0x3f)) {
        return -1;
      }
    }
    return k + len;
  }

  /** The byte of the two hex digits at {@code i}, -1 when there are not two hex digits before {@code to}. */
  private static int hex(String s, int i, int to) {
    if (i + 1 >= to) {
      return -1;
    }
    int hi = Character.digit(s.charAt(i), 16);
    int lo = Character.digit(s.charAt(i + 1), 16);
    return hi < 0 || lo < 0 ? -1 : hi << 4 | lo;
  }
}
