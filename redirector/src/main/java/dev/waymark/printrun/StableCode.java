package dev.waymark.printrun;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The code a print-run row's touchpoint is created under: a function of the link's code and the
 * row's key only, so running the same CSV again asks for the same codes and finds the touchpoints
 * it made the first time instead of adding new ones.
 *
 * <p>{@value #LENGTH} base62 characters of SHA-256: longer than the 7 of codes the server draws at
 * random, so never one of those, and wide enough (62^10 ≈ 8·10^17) that two keys of a 100,000-row
 * run share a code with odds of about one in a hundred million.
 */
public final class StableCode {

  public static final int LENGTH = 10;
  private static final String BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

  private StableCode() {}

  /** The code of the touchpoint with {@code key} under the link {@code linkCode}; a valid slug. */
  public static String of(String linkCode, String key) {
    byte[] digest;
    try {
      // The separator keeps ("ab", "c") and ("a", "bc") apart; a code never contains a newline.
      digest = MessageDigest.getInstance("SHA-256").digest((linkCode + "\n" + key).getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JVM", e);
    }
    // Ten base62 digits of a 63-bit number from the digest (62^10 < 2^63); a character per byte
    // instead would favour the first 8 letters of the alphabet (256 = 4·62 + 8).
    long n = 0;
    for (int i = 0; i < 8; i++) {
      n = n << 8 | (digest[i] & 0xff);
    }
    n &= Long.MAX_VALUE;
    char[] code = new char[LENGTH];
    for (int i = 0; i < LENGTH; i++) {
      code[i] = BASE62.charAt((int) (n % 62));
      n /= 62;
    }
    return new String(code);
  }
}
