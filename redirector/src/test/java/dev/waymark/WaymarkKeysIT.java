package dev.waymark;

import static dev.waymark.WaymarkJarIT.KEY;
import static dev.waymark.WaymarkJarIT.authed;
import static dev.waymark.WaymarkJarIT.createLink;
import static dev.waymark.WaymarkJarIT.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.json.JsonObject;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Named keys through the jar, two instances on one real Redis: {@code waymark keys create} makes
 * a scoped key on one, the other honours it and its scopes, {@code keys list} shows it (never the
 * key) with its last use, and once {@code keys revoke} on the first, the second refuses it within
 * about a second.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class WaymarkKeysIT {

  @TempDir
  Path tmp;

  @Test
  void scopedKey_createdUsedListedRevoked_acrossTwoInstances() throws Exception {
    try (RedisProcess redis = RedisProcess.start();
        WaymarkProcess a = WaymarkProcess.start(tmp.resolve("a"), env(redis)).awaitReady();
        WaymarkProcess b = WaymarkProcess.start(tmp.resolve("b"), env(redis)).awaitReady()) {
      Cli created = inProcess("keys", "create", "--api", a.admin("").toString(), "--key", KEY,
          "--name", "print shop", "--scope", "links:read", "--scope", "links:write");
      assertThat(created.status).as(created.err).isZero();
      String key = created.out.strip();
      assertThat(key).matches("wmk_[0-9a-z]{12}_[A-Za-z0-9_-]{43}");
      String id = key.substring(4, 16);
      assertThat(created.err).contains("Created key " + id + " 'print shop' (links:read,links:write), expires never");

      // The other instance knows the key, and its scopes.
      HttpResponse<String> link = createLink(b, key, "{\"url\":\"https://example.com/k\",\"slug\":\"keyed\"}");
      assertThat(link.statusCode()).as(link.body()).isEqualTo(201);
      HttpResponse<String> metrics = send(authed(b.admin("/metrics"), key));
      assertThat(metrics.statusCode()).isEqualTo(403);
      assertThat(new JsonObject(metrics.body()).getString("detail")).contains("'stats:read'");
      HttpResponse<String> keys = send(authed(b.admin("/api/v1/keys"), key));
      assertThat(keys.statusCode()).isEqualTo(403);

      // Listed through the jar's own command line, the key from the environment, never the key itself.
      await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
        Cli listed = jar(List.of("keys", "list", "--api", a.admin("").toString()));
        assertThat(listed.status).as(listed.err).isZero();
        String row = listed.out.lines().filter(l -> l.startsWith(id)).findFirst().orElseThrow();
        assertThat(row).contains("print shop", "links:read,links:write");
        assertThat(row.strip()).as("last used").doesNotEndWith("never");
        assertThat(listed.out).startsWith("ID").contains("bootstrap").doesNotContain(key.substring(17));
      });

      // Revoked on a: b refuses it within about a second, like any wrong key.
      assertThat(send(authed(b.admin("/api/v1/links/keyed"), key)).statusCode()).isEqualTo(200);
      Cli revoked = inProcess("keys", "revoke", "--api", a.admin("").toString(), "--key", KEY, id);
      assertThat(revoked.status).as(revoked.err).isZero();
      assertThat(send(authed(a.admin("/api/v1/links/keyed"), key)).statusCode()).isEqualTo(401);
      await().atMost(Duration.ofMillis(1500)).pollInterval(Duration.ofMillis(50)).untilAsserted(() ->
          assertThat(send(authed(b.admin("/api/v1/links/keyed"), key)).statusCode()).isEqualTo(401));

      Cli again = inProcess("keys", "revoke", "--api", a.admin("").toString(), "--key", KEY, id);
      assertThat(again.status).isEqualTo(1);
      assertThat(again.err).contains("404");
      Cli bootstrap = inProcess("keys", "revoke", "--api", a.admin("").toString(), "--key", KEY, "bootstrap");
      assertThat(bootstrap.status).isEqualTo(1);
      assertThat(bootstrap.err).contains("409", "bootstrap key cannot be revoked");
      Cli bad = inProcess("keys", "create", "--api", a.admin("").toString(), "--key", KEY,
          "--name", "x", "--scope", "links:delete");
      assertThat(bad.status).isEqualTo(1);
      assertThat(bad.err).contains("scopes[0]", "links:read, links:write");
    }
  }

  private static Map<String, String> env(RedisProcess redis) {
    return Map.of("WAYMARK_ADMIN_API_KEY", KEY, "WAYMARK_REDIS_URL", redis.url(), "WAYMARK_TRACKING", "off");
  }

  private record Cli(int status, String out, String err) {}

  private static Cli inProcess(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int status = new CommandLine(new Waymark()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(args);
    return new Cli(status, out.toString(), err.toString());
  }

  /** {@code java -jar waymark.jar args...} with the bootstrap key in the environment, as the docs advise. */
  private Cli jar(List<String> args) throws Exception {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", WaymarkProcess.jar().toString()));
    command.addAll(args);
    Path out = Files.createTempFile(tmp, "cli", ".out");
    Path err = Files.createTempFile(tmp, "cli", ".err");
    ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
    builder.environment().keySet().removeIf(k -> k.startsWith("WAYMARK_"));
    builder.environment().put("WAYMARK_ADMIN_API_KEY", KEY);
    Process p = builder.start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new Cli(p.exitValue(), Files.readString(out), Files.readString(err));
  }
}
