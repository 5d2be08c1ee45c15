package dev.waymark;

import static dev.waymark.WaymarkJarIT.createLink;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.IDN;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The destination host settings as an operator gives them to the runnable jar. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class DestinationRulesJarIT {

  private static final String KEY = WaymarkJarIT.KEY;

  @TempDir
  Path tmp;

  @Test
  void jar_deniedAndLookAlikeHosts_refusedWith400OnUrl_othersCreated() throws Exception {
    try (WaymarkProcess w = WaymarkProcess.start(tmp.resolve("data"), Map.of("WAYMARK_ADMIN_API_KEY", KEY,
        "WAYMARK_DESTINATION_DENY", "*.evil.example, evil.example", "WAYMARK_DESTINATION_PROTECT", "example.com"))
        .awaitReady()) {
      HttpResponse<String> denied = createLink(w, KEY, "{\"url\":\"https://login.EVIL.example./x\"}");
      assertThat(denied.statusCode()).as(denied.body()).isEqualTo(400);
      assertThat(denied.body()).contains("\"field\":\"url\"").contains("deny list (*.evil.example)");

      HttpResponse<String> lookAlike = createLink(w, KEY, "{\"url\":\"https://" + IDN.toASCII("exаmple.com") + "/\"}");
      assertThat(lookAlike.statusCode()).as(lookAlike.body()).isEqualTo(400);
      assertThat(lookAlike.body()).contains("\"field\":\"url\"").contains("protected host 'example.com'");

      HttpResponse<String> created = createLink(w, KEY, "{\"url\":\"https://shop.example.com/spring\"}");
      assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    }
  }

  @Test
  void jar_badPattern_exits2WithOneLineNamingTheVariable() throws Exception {
    ProcessBuilder builder = new ProcessBuilder(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
        WaymarkProcess.jar().toString()).redirectErrorStream(true);
    builder.environment().keySet().removeIf(k -> k.startsWith("WAYMARK_"));
    builder.environment().put("WAYMARK_DESTINATION_ALLOW", "https://shop.example");
    builder.environment().put("WAYMARK_DATA_DIR", tmp.resolve("data").toString());
    Process p = builder.start();
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    String output = new String(p.getInputStream().readAllBytes()).trim();
    assertThat(p.exitValue()).isEqualTo(2);
    assertThat(output).startsWith("waymark: WAYMARK_DESTINATION_ALLOW (--destination-allow): 'https://shop.example'")
        .doesNotContain("\n");
  }
}
