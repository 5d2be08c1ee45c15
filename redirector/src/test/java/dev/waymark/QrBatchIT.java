package dev.waymark;

import static dev.waymark.WaymarkJarIT.authed;
import static dev.waymark.WaymarkJarIT.send;
import static org.assertj.core.api.Assertions.assertThat;

import dev.waymark.printrun.StableCode;
import dev.waymark.qr.QrRenderer;
import dev.waymark.qr.QrSpec;
import dev.waymark.qr.UnscannableQrException;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipFile;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code waymark qr batch} against the real jar: a 20-row print run with a brand kit, in-process
 * through the {@code waymark} command line, every PNG in the brand's colour and decoded to its touchpoint's short URL with {@code qr=1};
 * the same CSV again through the jar's own command line creates nothing and gives the same codes;
 * a bad row is named by line; an interrupted run leaves no ZIP behind.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class QrBatchIT {

  static final String KEY = WaymarkJarIT.KEY;

  @TempDir
  Path tmp;

  @Test
  void printRun_writesDecodableCodes_andARerunCreatesNothing() throws Exception {
    try (WaymarkProcess w = WaymarkProcess.start(tmp.resolve("data"), Map.of("WAYMARK_ADMIN_API_KEY", KEY))
        .awaitReady()) {
      createLink(w, "spring");
      var brand = send(authed(w.admin("/api/v1/brands/acme"), KEY).header("Content-Type", "application/json")
          .PUT(java.net.http.HttpRequest.BodyPublishers.ofString("{\"fg\":\"#1a237e\",\"dots\":\"rounded\"}")));
      assertThat(brand.statusCode()).as(brand.body()).isEqualTo(201);
      List<String> keys = scannableKeys(w, "spring", 20);
      StringBuilder text = new StringBuilder("name,channel,stage,medium,key\n");
      for (int i = 0; i < keys.size(); i++) {
        text.append(i % 5 == 0 ? "\n" : "") // blank lines are skipped
            .append("\"Poster ").append(i).append(", \"\"hall\"\"\",poster,awareness,qr,").append(keys.get(i)).append('\n');
      }
      Path input = Files.writeString(tmp.resolve("touchpoints.csv"), text);
      Path zip = tmp.resolve("campaign.zip");

      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();
      int status = new CommandLine(new Waymark()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
          .execute("qr", "batch", "--api", w.admin("").toString(), "--key", KEY, "--link", "spring",
              "--input", input.toString(), "--brand", "acme", "--format", "png,svg", "--out", zip.toString());

      assertThat(status).as(err.toString()).isZero();
      assertThat(out.toString()).contains("20 rows, 20 succeeded (20 created, 0 already there), 0 failed");
      List<String[]> manifest = manifest(zip);
      assertThat(manifest).hasSize(20);
      try (ZipFile entries = new ZipFile(zip.toFile())) {
        assertThat(entries.size()).isEqualTo(41);
        for (String[] row : manifest) {
          int i = Integer.parseInt(row[0]) - 1;
          assertThat(row[1]).isEqualTo(keys.get(i));
          assertThat(row[2]).isEqualTo("Poster " + i + ", \"hall\"");
          assertThat(row[3]).isEqualTo(StableCode.of("spring", keys.get(i)));
          assertThat(row[4]).isEqualTo(w.pub("/" + row[3]).toString());
          byte[] png = entries.getInputStream(entries.getEntry(row[5])).readAllBytes();
          assertThat(QrImages.decode(png)).as(row[5]).isEqualTo(row[4] + "?qr=1");
          assertThat(hasColour(png, 0x1a237e)).as("drawn in the brand's colour").isTrue();
          String svg = new String(entries.getInputStream(entries.getEntry(row[6])).readAllBytes(), StandardCharsets.UTF_8);
          assertThat(svg).contains("<svg");
        }
      }
      assertThat(touchpointCount(w, "spring")).isEqualTo(20);

      // The same CSV again, through the jar's own command line, the key from the environment.
      Path again = tmp.resolve("again.zip");
      Cli rerun = cli(List.of("qr", "batch", "--api", w.admin("").toString(), "--link", "spring",
          "--input", input.toString(), "--brand", "acme", "--format", "png,svg", "--out", again.toString()));
      assertThat(rerun.status).as(rerun.err).isZero();
      assertThat(rerun.out).contains("20 rows, 20 succeeded (0 created, 20 already there), 0 failed");
      assertThat(manifest(again)).extracting(r -> r[3]).containsExactlyElementsOf(
          manifest.stream().map(r -> r[3]).toList());
      assertThat(touchpointCount(w, "spring")).isEqualTo(20);

      // A bad row: named by its line, nothing created, no ZIP.
      Path bad = Files.writeString(tmp.resolve("bad.csv"),
          "name,channel,stage\nNew A,poster,awareness\n\nNew B,poster,awarness\n");
      Cli refused = cli(List.of("qr", "batch", "--api", w.admin("").toString(), "--link", "spring",
          "--input", bad.toString(), "--out", tmp.resolve("bad.zip").toString()));
      assertThat(refused.status).isEqualTo(2);
      assertThat(refused.err).contains("line 4: stage: 'awarness' must be one of awareness");
      assertThat(tmp.resolve("bad.zip")).doesNotExist();
      assertThat(touchpointCount(w, "spring")).isEqualTo(20);
    }
  }

  @Test
  void interruptedRun_leavesNoZipAndNoTemporaryFile() throws Exception {
    try (WaymarkProcess w = WaymarkProcess.start(tmp.resolve("data"), Map.of("WAYMARK_ADMIN_API_KEY", KEY))
        .awaitReady()) {
      createLink(w, "autumn");
      StringBuilder text = new StringBuilder("name,channel\n");
      for (int i = 0; i < 100; i++) {
        text.append("Flyer ").append(i).append(",flyer\n");
      }
      Path input = Files.writeString(tmp.resolve("many.csv"), text);
      Path outDir = Files.createDirectory(tmp.resolve("out"));
      Path err = tmp.resolve("batch.err");
      Process batch = command(List.of("qr", "batch", "--api", w.admin("").toString(), "--link", "autumn",
          "--input", input.toString(), "--concurrency", "1", "--out", outDir.resolve("many.zip").toString()))
          .redirectError(err.toFile()).redirectOutput(tmp.resolve("batch.out").toFile()).start();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (!Files.readString(err).contains("rows (10%)") && System.nanoTime() < deadline && batch.isAlive()) {
        TimeUnit.MILLISECONDS.sleep(50);
      }
      assertThat(batch.isAlive()).as(Files.readString(err)).isTrue();
      try (Stream<Path> files = Files.list(outDir)) {
        assertThat(files.map(p -> p.getFileName().toString())).singleElement().asString()
            .startsWith(".many.zip.").endsWith(".part");
      }

      batch.destroy(); // SIGTERM, as Ctrl-C would end it
      assertThat(batch.waitFor(20, TimeUnit.SECONDS)).isTrue();
      try (Stream<Path> files = Files.list(outDir)) {
        assertThat(files).isEmpty();
      }
    }
  }

  private static void createLink(WaymarkProcess w, String slug) throws Exception {
    var r = WaymarkJarIT.createLink(w, KEY, "{\"url\":\"https://example.com/" + slug + "\",\"slug\":\"" + slug + "\"}");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
  }

  /**
   * Keys whose codes the server will render: the payload holds this run's random port, and this
   * test is about the batch, so it picks rows the renderer accepts, as the server will check them
   * (since the check tries three ZXing readings, that is all of them in practice).
   */
  private static List<String> scannableKeys(WaymarkProcess w, String link, int count) {
    QrRenderer renderer = new QrRenderer();
    List<String> keys = new ArrayList<>();
    for (int i = 0; keys.size() < count; i++) {
      String key = "poster-" + i;
      QrSpec spec = QrSpec.builder(w.pub("/" + StableCode.of(link, key)) + "?qr=1")
          .fg("#1a237e").moduleShape("rounded").build(); // as the brand 'acme' draws it
      try {
        renderer.png(spec);
        renderer.svg(spec);
        keys.add(key);
      } catch (UnscannableQrException e) {
        // skipped: see above
      }
    }
    return keys;
  }

  private static int touchpointCount(WaymarkProcess w, String link) throws Exception {
    var r = send(authed(w.admin("/api/v1/links/" + link + "/touchpoints?limit=500"), KEY));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonObject page = new JsonObject(r.body());
    assertThat(page.getValue("nextCursor")).isNull();
    return page.getJsonArray("touchpoints").size();
  }

  /** The data rows of the ZIP's manifest.csv, parsed. */
  private static List<String[]> manifest(Path zip) throws IOException {
    try (ZipFile entries = new ZipFile(zip.toFile());
        var parser = org.apache.commons.csv.CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get()
            .parse(new java.io.InputStreamReader(entries.getInputStream(entries.getEntry("manifest.csv")),
                StandardCharsets.UTF_8))) {
      assertThat(parser.getHeaderNames()).containsExactly("\uFEFFrow", "key", "name", "code", "short_url", "png", "svg");
      return parser.getRecords().stream().map(r -> r.toList().toArray(String[]::new)).toList();
    }
  }

  private static boolean hasColour(byte[] png, int rgb) throws IOException {
    var image = ImageIO.read(new ByteArrayInputStream(png));
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        if ((image.getRGB(x, y) & 0xffffff) == rgb) {
          return true;
        }
      }
    }
    return false;
  }


  private record Cli(int status, String out, String err) {}

  private Cli cli(List<String> args) throws Exception {
    Path out = Files.createTempFile(tmp, "cli", ".out");
    Path err = Files.createTempFile(tmp, "cli", ".err");
    Process p = command(args).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    return new Cli(p.exitValue(), Files.readString(out), Files.readString(err));
  }

  /** {@code java -jar waymark.jar args...} with the admin key in the environment, as the docs advise. */
  private static ProcessBuilder command(List<String> args) {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", WaymarkProcess.jar().toString()));
    command.addAll(args);
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().keySet().removeIf(k -> k.startsWith("WAYMARK_"));
    builder.environment().put("WAYMARK_ADMIN_API_KEY", KEY);
    return builder;
  }
}
