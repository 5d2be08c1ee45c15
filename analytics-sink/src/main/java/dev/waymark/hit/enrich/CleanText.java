package dev.waymark.hit.enrich;

/**
 * Text as the {@code hits} table accepts it: at most a given number of chars, no control
 * characters (NUL, CR, LF, tabs and the C1 range, which break TSV exports and log lines), no lone
 * surrogates (which would not encode to UTF-8). Headers arrive already decoded, so bytes that
 * were invalid UTF-8 are U+FFFD or Latin-1 characters by now; both are kept as they are.
 */
final class CleanText {

  private CleanText() {}

  /** Returns {@code text} cleaned and cut to {@code maxChars}; {@code ""} for null. */
  static String of(String text, int maxChars) {
    if (text == null || text.isEmpty()) {
      return "";
    }
    int n = Math.min(text.length(), maxChars);
    if (isClean(text, n) && n == text.length()) {
      return text; // the common case costs one scan and no copy
    }
    StringBuilder sb = new StringBuilder(n);
    for (int i = 0; i < text.length() && sb.length() < maxChars; i++) {
      char c = text.charAt(i);
      if (Character.isHighSurrogate(c)) {
        if (i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
          if (sb.length() + 2 > maxChars) {
            break; // never split a pair
          }
          sb.append(c).append(text.charAt(++i));
        }
      } else if (!Character.isLowSurrogate(c) && !Character.isISOControl(c)) {
        sb.append(c);
      }
    }
    return sb.toString().strip();
  }

  private static boolean isClean(String text, int n) {
    for (int i = 0; i < n; i++) {
      char c = text.charAt(i);
      if (Character.isISOControl(c) || Character.isSurrogate(c)) {
        return false;
      }
    }
    return n == 0 || (text.charAt(0) > ' ' && text.charAt(n - 1) > ' ');
  }
}
