package dev.waymark.hit.enrich;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.random.RandomGenerator;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Salts in files under one directory (the data dir's {@code salts/}), for a single machine:
 * created atomically (first writer wins, later ones read its salt), readable by the owner only,
 * and deleted once their period is over by more than a day, so old visitor ids become
 * unlinkable. Several redirectors on several machines need a shared store (Redis) instead.
 */
public final class FileSaltStore implements SaltStore {

  private static final Logger LOG = LoggerFactory.getLogger(FileSaltStore.class);
  private static final int SALT_BYTES = 32;

  private final Path dir;
  private final RandomGenerator random;
  private final Map<String, byte[]> known = new ConcurrentHashMap<>();

  public FileSaltStore(Path dir) {
    this(dir, new SecureRandom());
  }

  public FileSaltStore(Path dir, RandomGenerator random) {
    this.dir = dir;
    this.random = random;
  }

  @Override
  public byte[] daily(LocalDate day) throws IOException {
    return salt("daily-" + day);
  }

  @Override
  public byte[] monthly(YearMonth month) throws IOException {
    return salt("monthly-" + month);
  }

  private byte[] salt(String name) throws IOException {
    byte[] salt = known.get(name);
    if (salt != null) {
      return salt;
    }
    salt = readOrCreate(dir.resolve(name + ".salt"));
    known.put(name, salt);
    return salt;
  }

  private byte[] readOrCreate(Path file) throws IOException {
    if (Files.exists(file)) {
      return read(file);
    }
    Files.createDirectories(dir);
    byte[] salt = new byte[SALT_BYTES];
    random.nextBytes(salt);
    Path tmp = Files.createTempFile(dir, ".salt-", ".tmp",
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    try {
      Files.write(tmp, salt, StandardOpenOption.SYNC);
      // link(2) fails when the name exists, where rename(2) would silently replace it: when
      // another process won the race, its salt is the one everybody must use.
      Files.createLink(file, tmp);
      LOG.info("event=salt_created file={}", file.getFileName());
      return salt;
    } catch (FileAlreadyExistsException e) {
      return read(file);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  private static byte[] read(Path file) throws IOException {
    byte[] salt = Files.readAllBytes(file);
    if (salt.length != SALT_BYTES) {
      throw new IOException("salt file " + file + " has " + salt.length + " bytes, expected " + SALT_BYTES);
    }
    return salt;
  }

  /**
   * Deletes salts of days before {@code today - 1} and months before last month: after that no
   * new hit needs them, and keeping them would keep old visitor ids linkable to IPs.
   */
  public void forgetBefore(LocalDate today) throws IOException {
    if (!Files.isDirectory(dir)) {
      return;
    }
    String oldestDay = "daily-" + today.minusDays(1);
    String oldestMonth = "monthly-" + YearMonth.from(today).minusMonths(1);
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        String name = f.getFileName().toString().replace(".salt", "");
        boolean old = (name.startsWith("daily-") && name.compareTo(oldestDay) < 0)
            || (name.startsWith("monthly-") && name.compareTo(oldestMonth) < 0);
        if (old && f.toString().endsWith(".salt")) {
          Files.delete(f);
          known.remove(name);
          LOG.info("event=salt_forgotten file={}", f.getFileName());
        }
      }
    }
  }
}
