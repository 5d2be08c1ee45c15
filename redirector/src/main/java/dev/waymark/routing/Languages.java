package dev.waymark.routing;

import java.util.List;

/**
 * A rule's {@code when.language}, compiled, and the {@code Accept-Language} reading it needs: the
 * visitor's first choice is the tag of highest q (the first of equals), and a rule's {@code nl}
 * matches {@code nl}, {@code nl-NL} and {@code nl-BE}, its {@code nl-BE} only {@code nl-BE}
 * (case-insensitive, any script subtag between). Reading the header allocates nothing: the first
 * choice is a range of the header, packed in a long. Immutable and thread-safe.
 */
final class Languages {

  /** {@link #firstChoice}'s answer when the header names no acceptable language. */
  static final long NONE = -1L;

  private final String[] primaries;
  /** Upper-case region per tag, {@code null} when the tag has none. */
  private final String[] regions;

  private Languages(String[] primaries, String[] regions) {
    this.primaries = primaries;
    this.regions = regions;
  }

  /** The compiled list, {@code null} when empty (no condition). */
  static Languages of(List<String> tags) {
    if (tags.isEmpty()) {
      return null;
    }
    String[] primaries = new String[tags.size()];
    String[] regions = new String[tags.size()];
    for (int i = 0; i < tags.size(); i++) {
      String tag = tags.get(i);
      int dash = tag.indexOf('-');
      primaries[i] = dash < 0 ? tag : tag.substring(0, dash);
      regions[i] = dash < 0 ? null : tag.substring(tag.lastIndexOf('-') + 1);
    }
    return new Languages(primaries, regions);
  }

  /** True when the first choice {@code choice} (from {@link #firstChoice} of {@code header}) is listed. */
  boolean matches(String header, long choice) {
    if (choice == NONE) {
      return false;
    }
    int start = (int) (choice >>> 32);
    int end = (int) choice;
    int primaryEnd = indexOf(header, '-', start, end);
    for (int i = 0; i < primaries.length; i++) {
      String p = primaries[i];
      if (primaryEnd - start != p.length() || !header.regionMatches(true, start, p, 0, p.length())) {
        continue;
      }
      String r = regions[i];
      if (r == null || regionMatches(header, primaryEnd, end, r)) {
        return true;
      }
    }
    return false;
  }

  /** True when a subtag of {@code [from, end)} after the primary is the region {@code region}. */
  private static boolean regionMatches(String header, int from, int end, String region) {
    int s = from;
    while (s < end) {
      s++; // past the '-'
      int e = indexOf(header, '-', s, end);
      int len = e - s;
      if (len == 2 || (len == 3 && Character.isDigit(header.charAt(s)))) {
        return len == region.length() && header.regionMatches(true, s, region, 0, len);
      }
      if (len != 4 && len != 3) {
        return false; // not a script or an extended language: no region follows
      }
      s = e;
    }
    return false;
  }

  /**
   * The visitor's first choice in an {@code Accept-Language} header: {@code start << 32 | end} of
   * its tag, or {@link #NONE}. Parts with a malformed tag or q are ignored, as are {@code *} (it
   * names no language) and {@code q=0} (not acceptable).
   */
  static long firstChoice(String header) {
    long best = NONE;
    int bestQ = 0;
    int n = header.length();
    int i = 0;
    while (i < n) {
      int partEnd = indexOf(header, ',', i, n);
      int semi = indexOf(header, ';', i, partEnd);
      int s = skipSpace(header, i, semi);
      int e = trimEnd(header, s, semi);
      int q = semi < partEnd ? quality(header, semi, partEnd) : 1000;
      if (q > bestQ && isTag(header, s, e)) {
        bestQ = q;
        best = ((long) s << 32) | e;
        if (q == 1000) {
          break; // nothing later can beat it, and ties go to the first: most headers end here
        }
      }
      i = partEnd + 1;
    }
    return best;
  }

  /** q in thousandths from the parameters {@code [semi, end)}; -1 when malformed; 1000 without q. */
  private static int quality(String h, int semi, int end) {
    int i = semi;
    while (i < end) {
      int s = skipSpace(h, i + 1, end);
      int paramEnd = indexOf(h, ';', s, end);
      int e = trimEnd(h, s, paramEnd);
      if (e - s >= 2 && (h.charAt(s) == 'q' || h.charAt(s) == 'Q') && h.charAt(s + 1) == '=') {
        return qvalue(h, s + 2, e);
      }
      i = paramEnd;
    }
    return 1000;
  }

  /** RFC 9110's qvalue: 0[.ddd] or 1[.000]; -1 when malformed. */
  private static int qvalue(String h, int s, int e) {
    if (s >= e || e - s > 5) {
      return -1;
    }
    char first = h.charAt(s);
    if (first != '0' && first != '1') {
      return -1;
    }
    int value = (first - '0') * 1000;
    if (e - s > 1) {
      if (h.charAt(s + 1) != '.') {
        return -1;
      }
      int scale = 100;
      for (int k = s + 2; k < e; k++, scale /= 10) {
        char c = h.charAt(k);
        if (c < '0' || c > '9') {
          return -1;
        }
        value += (c - '0') * scale;
      }
    }
    return value > 1000 ? -1 : value;
  }

  /** A language tag: subtags of 1 to 8 letters or digits joined by '-', the first letters only. */
  private static boolean isTag(String h, int s, int e) {
    if (s >= e) {
      return false;
    }
    int len = 0;
    boolean first = true;
    for (int k = s; k < e; k++) {
      char c = h.charAt(k);
      if (c == '-') {
        if (len == 0) {
          return false;
        }
        len = 0;
        first = false;
      } else if (isAsciiLetter(c) || (!first && c >= '0' && c <= '9')) {
        if (++len > 8) {
          return false;
        }
      } else {
        return false;
      }
    }
    return len > 0;
  }

  private static boolean isAsciiLetter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  private static int indexOf(String h, char c, int from, int end) {
    int at = h.indexOf(c, from);
    return at < 0 || at > end ? end : at;
  }

  private static int skipSpace(String h, int from, int end) {
    while (from < end && (h.charAt(from) == ' ' || h.charAt(from) == '\t')) {
      from++;
    }
    return from;
  }

  private static int trimEnd(String h, int from, int end) {
    while (end > from && (h.charAt(end - 1) == ' ' || h.charAt(end - 1) == '\t')) {
      end--;
    }
    return end;
  }
}
