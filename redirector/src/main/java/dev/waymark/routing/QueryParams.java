package dev.waymark.routing;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * A request's query parameters, decoded once per decision and only when a rule asks: names and
 * values percent-decoded as UTF-8 with {@code +} as a space, in their order; a malformed escape
 * is kept as written. A parameter without {@code =} has the value {@code ""}.
 */
final class QueryParams {

  static final QueryParams EMPTY = new QueryParams(new String[0], new String[0], 0);

  private final String[] names;
  private final String[] values;
  private final int size;

  private QueryParams(String[] names, String[] values, int size) {
    this.names = names;
    this.values = values;
    this.size = size;
  }

  /** The parameters of {@code rawQuery} (without the {@code ?}; {@code null} for none). */
  static QueryParams parse(String rawQuery) {
    if (rawQuery == null || rawQuery.isEmpty()) {
      return EMPTY;
    }
    int count = 1;
    for (int i = 0; i < rawQuery.length(); i++) {
      if (rawQuery.charAt(i) == '&') {
        count++;
      }
    }
    String[] names = new String[count];
    String[] values = new String[count];
    int size = 0;
    int i = 0;
    while (i <= rawQuery.length()) {
      int end = rawQuery.indexOf('&', i);
      if (end < 0) {
        end = rawQuery.length();
      }
      if (end > i) {
        int eq = rawQuery.indexOf('=', i);
        int nameEnd = eq < 0 || eq > end ? end : eq;
        names[size] = decode(rawQuery, i, nameEnd);
        values[size] = nameEnd == end ? "" : decode(rawQuery, nameEnd + 1, end);
        size++;
      }
      i = end + 1;
    }
    return new QueryParams(names, values, size);
  }

  /**
   * True when a parameter {@code name} is present with the value {@code value} (any of its
   * occurrences), or at all when {@code value} is {@code "*"}.
   */
  boolean has(String name, String value) {
    boolean any = value.equals("*");
    for (int i = 0; i < size; i++) {
      if (names[i].equals(name) && (any || values[i].equals(value))) {
        return true;
      }
    }
    return false;
  }

  static String decode(String s, int from, int to) {
    int special = from;
    while (special < to && s.charAt(special) != '%' && s.charAt(special) != '+') {
      special++;
    }
    if (special == to) {
      return s.substring(from, to);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(to - from);
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (c == '+') {
        out.write(' ');
      } else if (c == '%' && hex(s, i + 1, to) >= 0) {
        out.write(hex(s, i + 1, to));
        i += 2;
      } else if (c < 0x80) {
        out.write(c);
      } else {
        // Raw queries are ASCII on the wire; a client that sent UTF-8 text as is gets it back.
        int cp = s.codePointAt(i);
        byte[] utf8 = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8);
        out.write(utf8, 0, utf8.length);
        i += Character.charCount(cp) - 1;
      }
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  /** The byte of the two hex digits at {@code i}, -1 when they are not two hex digits before {@code to}. */
  private static int hex(String s, int i, int to) {
    if (i + 1 >= to) {
      return -1;
    }
    int hi = Character.digit(s.charAt(i), 16);
    int lo = Character.digit(s.charAt(i + 1), 16);
    return hi < 0 || lo < 0 ? -1 : hi << 4 | lo;
  }
}
