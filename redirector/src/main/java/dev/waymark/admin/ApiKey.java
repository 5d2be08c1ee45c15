package dev.waymark.admin;

import dev.waymark.key.KeySecret;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import java.util.random.RandomGenerator;

/**
 * The admin API key, held only as its SHA-256: a presented key is accepted exactly when its hash
 * equals the stored one, compared in constant time.
 *
 * <p>On first start without a configured key one is generated, printed once and only its hash is
 * kept (in {@code <dataDir>/admin-key.sha256}), so a leaked data directory does not leak the key.
 */
public final class ApiKey {

  /** The file in the data directory that holds the hex SHA-256 of a generated key. */
  public static final String HASH_FILE = "admin-key.sha256";
  /** Generated keys start with this, as named keys do, so they are recognisable in configs and secret scanners. */
  public static final String PREFIX = KeySecret.PREFIX;

  private static final HexFormat HEX = HexFormat.of();
  private final byte[] hash;

  private ApiKey(byte[] hash) {
    this.hash = hash.clone();
  }

  /** The key whose SHA-256 is {@code hash}. */
  public static ApiKey ofHash(byte[] hash) {
    if (hash.length != 32) {
      throw new IllegalArgumentException("a SHA-256 hash has 32 bytes, was " + hash.length);
    }
    return new ApiKey(hash);
  }

  /** The key {@code key} itself. */
  public static ApiKey of(String key) {
    if (key == null || key.isBlank()) {
      throw new IllegalArgumentException("an admin API key must not be blank");
    }
    return new ApiKey(KeySecret.sha256(key));
  }

  /**
   * The key to accept: {@code configuredKey} when set; otherwise the hash stored in the data
   * directory; otherwise a new key, whose hash is stored and which is printed once to {@code out}.
   * Does file IO: call at start-up, never on an event loop.
   */
  public static ApiKey resolve(String configuredKey, Path dataDir, PrintStream out) {
    return resolve(configuredKey, dataDir, out, new SecureRandom());
  }

  /** As {@link #resolve(String, Path, PrintStream)}, drawing a new key's bytes from {@code random}. */
  static ApiKey resolve(String configuredKey, Path dataDir, PrintStream out, RandomGenerator random) {
    if (configuredKey != null && !configuredKey.isBlank()) {
      return of(configuredKey.strip());
    }
    Path file = dataDir.resolve(HASH_FILE);
    try {
      if (Files.exists(file)) {
        return ofHash(readHash(file));
      }
      byte[] bytes = new byte[32];
      random.nextBytes(bytes);
      String key = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
      ApiKey apiKey = of(key);
      writeHash(file, apiKey.hash);
      out.println("Generated an admin API key. It will not be shown again; only its SHA-256 is kept in " + file + ":");
      out.println();
      out.println("    " + key);
      out.println();
      out.println("Send it as 'Authorization: Bearer <key>', or set WAYMARK_ADMIN_API_KEY to use a key of your own.");
      out.flush();
      return apiKey;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or store the admin key hash in " + file, e);
    }
  }

  /** True when {@code presented} is this key; takes the same time whatever is presented. */
  public boolean accepts(String presented) {
    return MessageDigest.isEqual(hash, KeySecret.sha256(presented == null ? "" : presented));
  }

  private static byte[] readHash(Path file) throws IOException {
    String hex = Files.readString(file, StandardCharsets.US_ASCII).strip().toLowerCase(Locale.ROOT);
    if (!hex.matches("[0-9a-f]{64}")) {
      throw new IllegalStateException(file + " does not hold a SHA-256 in hex; delete it to generate a new admin key");
    }
    return HEX.parseHex(hex);
  }

  private static void writeHash(Path file, byte[] hash) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    // Write beside the target and move it into place, so a crash never leaves half a hash behind.
    Path tmp = dir.resolve(HASH_FILE + ".tmp");
    Files.deleteIfExists(tmp);
    boolean posix = Files.getFileStore(dir).supportsFileAttributeView(PosixFileAttributeView.class);
    if (posix) {
      Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } else {
      Files.createFile(tmp);
    }
    Files.writeString(tmp, HEX.formatHex(hash) + "\n", StandardCharsets.US_ASCII);
    try {
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
    } catch (FileAlreadyExistsException e) {
      Files.deleteIfExists(tmp);
      throw e;
    }
  }

  @Override
  public String toString() {
    return "ApiKey[sha256=***]";
  }
}
