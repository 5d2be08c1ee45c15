package dev.waymark.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HexFormat;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApiKeyTest {

  @TempDir
  Path dir;

  private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
  private final PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);

  private String printedKey() {
    Matcher m = Pattern.compile("wmk_[A-Za-z0-9_-]{43}").matcher(printed.toString(StandardCharsets.UTF_8));
    assertThat(m.find()).as(printed.toString(StandardCharsets.UTF_8)).isTrue();
    return m.group();
  }

  @Test
  void resolve_configuredKey_acceptsItAndWritesNothing() {
    ApiKey key = ApiKey.resolve("my-secret", dir, out);
    assertThat(key.accepts("my-secret")).isTrue();
    assertThat(key.accepts("my-secret2")).isFalse();
    assertThat(dir.resolve(ApiKey.HASH_FILE)).doesNotExist();
    assertThat(printed.size()).isZero();
  }

  @Test
  void resolve_noKeyNoFile_generatesPrintsOnceAndStoresOnlyTheHash() throws Exception {
    Path data = dir.resolve("nested/data");
    ApiKey key = ApiKey.resolve(null, data, out, new SplittableRandom(7));
    String generated = printedKey();
    assertThat(key.accepts(generated)).isTrue();
    assertThat(printed.toString(StandardCharsets.UTF_8)).contains("will not be shown again");
    String stored = Files.readString(data.resolve(ApiKey.HASH_FILE)).strip();
    assertThat(stored).matches("[0-9a-f]{64}").doesNotContain(generated.substring(4));
    byte[] expected = java.security.MessageDigest.getInstance("SHA-256").digest(generated.getBytes(StandardCharsets.UTF_8));
    assertThat(stored).isEqualTo(HexFormat.of().formatHex(expected));
  }

  @Test
  void resolve_generatedHashFile_isOwnerOnly() throws Exception {
    ApiKey.resolve("", dir, out);
    Path file = dir.resolve(ApiKey.HASH_FILE);
    if (Files.getFileStore(dir).supportsFileAttributeView("posix")) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }
  }

  @Test
  void resolve_existingHashFile_acceptsTheOriginalKeyAndPrintsNothing() {
    ApiKey.resolve(null, dir, out);
    String generated = printedKey();
    printed.reset();
    ApiKey again = ApiKey.resolve(null, dir, out);
    assertThat(again.accepts(generated)).isTrue();
    assertThat(printed.size()).isZero();
  }

  @Test
  void resolve_configuredKeyWinsOverHashFile() {
    ApiKey.resolve(null, dir, out);
    String generated = printedKey();
    ApiKey configured = ApiKey.resolve("configured", dir, out);
    assertThat(configured.accepts("configured")).isTrue();
    assertThat(configured.accepts(generated)).isFalse();
  }

  @Test
  void resolve_corruptHashFile_failsNamingTheFile() throws Exception {
    Files.writeString(dir.resolve(ApiKey.HASH_FILE), "not a hash");
    assertThatThrownBy(() -> ApiKey.resolve(null, dir, out)).hasMessageContaining(ApiKey.HASH_FILE);
  }

  @Test
  void accepts_emptyOrNull_isFalse() {
    ApiKey key = ApiKey.of("k");
    assertThat(key.accepts("")).isFalse();
    assertThat(key.accepts(null)).isFalse();
  }

  @Test
  void toString_doesNotRevealTheHash() {
    assertThat(ApiKey.of("k").toString()).doesNotContainPattern("[0-9a-f]{16}");
  }
}
