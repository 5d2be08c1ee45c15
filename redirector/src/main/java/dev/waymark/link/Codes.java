package dev.waymark.link;

import java.util.Locale;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * The rules for short codes: generated codes are 7 base62 characters from a cryptographic random
 * source; custom slugs are {@code [A-Za-z0-9_-]{1,64}} and not a reserved word.
 */
public final class Codes {

  public static final int GENERATED_LENGTH = 7;
  public static final int MAX_LENGTH = 64;

  /** Words that are, or may become, paths of our own; compared case-insensitively. */
  public static final Set<String> RESERVED = Set.of(
      "api", "admin", "health", "metrics", "static", "qr", "robots.txt", "favicon.ico",
      "assets", "login", "logout", "openapi", "docs", "well-known", "_", "-");

  private static final char[] BASE62 =
      "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();

  private Codes() {}

  /** A new random code; callers retry on the (rare) collision. */
  public static String generate(RandomGenerator random) {
    char[] code = new char[GENERATED_LENGTH];
    for (int i = 0; i < code.length; i++) {
      code[i] = BASE62[random.nextInt(BASE62.length)];
    }
    return new String(code);
  }

  /**
   * True when {@code s} has the shape of a code: 1 to 64 of {@code [A-Za-z0-9_-]}. Allocation-free,
   * for the redirect hot path; does not check reserved words.
   */
  public static boolean isWellFormed(CharSequence s, int from, int to) {
    int len = to - from;
    if (len < 1 || len > MAX_LENGTH) {
      return false;
    }
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || c == '-' || c == '_';
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  /** Why {@code slug} cannot be a custom code, or {@code null} when it can. */
  public static String slugProblem(String slug) {
    if (slug.isEmpty()) {
      return "must not be empty";
    }
    if (slug.length() > MAX_LENGTH) {
      return "must be at most " + MAX_LENGTH + " characters, was " + slug.length();
    }
    if (!isWellFormed(slug, 0, slug.length())) {
      return "may contain only letters A-Z and a-z, digits, '-' and '_'";
    }
    if (RESERVED.contains(slug.toLowerCase(Locale.ROOT))) {
      return "'" + slug + "' is reserved";
    }
    return null;
  }
}
