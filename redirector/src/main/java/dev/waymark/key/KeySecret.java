package dev.waymark.key;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.random.RandomGenerator;

/**
 * A named key as handed out once: {@code wmk_<id>_<secret>}, the id in clear so that a presented
 * key is found with one lookup, the secret 256 random bits (base64url). Only {@link #sha256} of
 * the whole key is stored.
 */
public record KeySecret(String id, String key) {

  /** The prefix every Waymark key carries, so it is recognisable in configs and to secret scanners. */
  public static final String PREFIX = "wmk_";
  private static final String ID_ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyz";
  private static final int ID_LENGTH = 12;
  private static final int SECRET_LENGTH = 43; // 32 bytes in unpadded base64url
  private static final int LENGTH = PREFIX.length() + ID_LENGTH + 1 + SECRET_LENGTH;

  /** A new key, drawn from {@code random} (a {@code SecureRandom} in production). */
  public static KeySecret generate(RandomGenerator random) {
    StringBuilder id = new StringBuilder(ID_LENGTH);
    for (int i = 0; i < ID_LENGTH; i++) {
      id.append(ID_ALPHABET.charAt(random.nextInt(ID_ALPHABET.length())));
    }
    byte[] secret = new byte[32];
    random.nextBytes(secret);
    String key = PREFIX + id + "_" + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    return new KeySecret(id.toString(), key);
  }

  /** The id of a presented key of the named form, or {@code null} when it cannot be a named key. */
  public static String idOf(String presented) {
    if (presented == null || presented.length() != LENGTH || !presented.startsWith(PREFIX)
        || presented.charAt(PREFIX.length() + ID_LENGTH) != '_') {
      return null;
    }
    String id = presented.substring(PREFIX.length(), PREFIX.length() + ID_LENGTH);
    return NamedKey.ID.matcher(id).matches() ? id : null;
  }

  /** The SHA-256 of a whole key, as stored. */
  public static byte[] sha256(String key) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }

  /** {@link #sha256(String)} in lower-case hex. */
  public static String sha256Hex(String key) {
    return HexFormat.of().formatHex(sha256(key));
  }

  @Override
  public String toString() {
    return "KeySecret[id=" + id + ", key=***]";
  }
}
