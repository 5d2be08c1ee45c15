package dev.waymark.printrun;

import static org.assertj.core.api.Assertions.assertThat;

import dev.waymark.client.AdminApi;
import dev.waymark.printrun.PrintRunClient.QrOptions;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A print run against an in-memory admin API: idempotent re-runs, failed rows, stops, and what is left on disk. */
class PrintRunTest {

  @TempDir
  Path dir;

  FakeAdminApi api;
  final StringWriter out = new StringWriter();
  final StringWriter err = new StringWriter();

  @BeforeEach
  void start() throws IOException {
    api = new FakeAdminApi("spring", "autumn");
  }

  @AfterEach
  void stop() {
    api.close();
  }

  private Path csv(int rows) throws IOException {
    StringBuilder text = new StringBuilder("name,channel,stage\n");
    for (int i = 1; i <= rows; i++) {
      text.append("Poster ").append(i).append(",poster,awareness\n");
    }
    return Files.writeString(dir.resolve("touchpoints.csv"), text);
  }

  private int run(Path input, String key, List<ImageFormat> formats, int concurrency) throws Exception {
    PrintRunOptions options = new PrintRunOptions(api.uri(), key, "spring", input, formats,
        new QrOptions("acme", 512), dir.resolve("campaign.zip"), concurrency);
    PrintRunClient client = new PrintRunClient(api.uri(), key, AdminApi.httpClient(), Duration.ofSeconds(10));
    return new PrintRun(options, client, new PrintWriter(out, true), new PrintWriter(err, true)).run();
  }

  private int run(Path input) throws Exception {
    return run(input, FakeAdminApi.KEY, List.of(ImageFormat.PNG, ImageFormat.SVG), 4);
  }

  private List<String> files() throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void run_createsOneTouchpointPerRow_andWritesImagesAndManifest() throws Exception {
    assertThat(run(csv(30))).as(err.toString()).isEqualTo(PrintRun.OK);

    assertThat(api.touchpoints).hasSize(30);
    assertThat(api.lastQrQuery).isEqualTo("brand=acme&size=512");
    assertThat(out.toString()).contains("30 rows, 30 succeeded (30 created, 0 already there), 0 failed");
    assertThat(files()).containsExactly("campaign.zip", "touchpoints.csv");
    try (ZipFile zip = new ZipFile(dir.resolve("campaign.zip").toFile())) {
      assertThat(zip.size()).isEqualTo(61);
      String code = StableCode.of("spring", "Poster 7");
      assertThat(new String(zip.getInputStream(zip.getEntry("000007-" + code + ".svg")).readAllBytes(),
          StandardCharsets.UTF_8)).isEqualTo("image of /api/v1/touchpoints/" + code + "/qr.svg?brand=acme&size=512");
      List<String> manifest = new String(zip.getInputStream(zip.getEntry("manifest.csv")).readAllBytes(),
          StandardCharsets.UTF_8).lines().toList();
      assertThat(manifest).hasSize(31);
      assertThat(manifest.get(7)).isEqualTo("7,Poster 7,Poster 7," + code + "," + FakeAdminApi.PUBLIC + code
          + ",000007-" + code + ".png,000007-" + code + ".svg");
    }
  }

  @Test
  void rerun_findsTheTouchpointsOfTheFirstRun_andCreatesNone() throws Exception {
    Path input = csv(12);
    assertThat(run(input)).isEqualTo(PrintRun.OK);
    byte[] first = Files.readAllBytes(dir.resolve("campaign.zip"));

    assertThat(run(input)).as(err.toString()).isEqualTo(PrintRun.OK);

    assertThat(api.touchpoints).hasSize(12);
    assertThat(out.toString()).contains("12 rows, 12 succeeded (0 created, 12 already there)");
    try (ZipFile zip = new ZipFile(dir.resolve("campaign.zip").toFile())) {
      String manifest = new String(zip.getInputStream(zip.getEntry("manifest.csv")).readAllBytes(),
          StandardCharsets.UTF_8);
      assertThat(manifest).contains(StableCode.of("spring", "Poster 12"));
    }
    assertThat(first).isNotEmpty();
  }

  @Test
  void codeOfAnotherLinksTouchpoint_failsThatRowWithItsLine_andNoZipIsWritten() throws Exception {
    api.touchpoints.put(StableCode.of("spring", "Poster 3"), new String[] {"autumn", "Someone else's"});

    assertThat(run(csv(5))).isEqualTo(PrintRun.FAILED);

    assertThat(err.toString()).contains("line 4 ('Poster 3'): code " + StableCode.of("spring", "Poster 3")
        + " is already the touchpoint 'Someone else's' of link 'autumn', not of link 'spring'")
        .contains("5 rows, 4 succeeded, 1 failed; no ZIP written");
    assertThat(files()).containsExactly("touchpoints.csv");
  }

  @Test
  void rerun_touchpointDisabledSinceTheFirstRun_failsThatRowInsteadOfPrintingACodeThatAnswers410() throws Exception {
    Path input = csv(4);
    assertThat(run(input)).isEqualTo(PrintRun.OK);
    String code = StableCode.of("spring", "Poster 2");
    api.disabled.add(code);

    assertThat(run(input)).isEqualTo(PrintRun.FAILED);

    assertThat(err.toString()).contains("line 3 ('Poster 2'): touchpoint " + code + " exists but is disabled");
    assertThat(api.touchpoints).hasSize(4);
  }

  @Test
  void unscannableRow_isReportedWithItsLine_andTheOtherRowsStillRun() throws Exception {
    api.unscannable.add("Poster 2");

    assertThat(run(csv(6))).isEqualTo(PrintRun.FAILED);

    assertThat(err.toString())
        .contains("line 3 ('Poster 2'): rendering the png failed: 422 the rendered PNG was refused: ZXing found no QR")
        .contains("6 rows, 5 succeeded, 1 failed; no ZIP written");
    assertThat(api.touchpoints).hasSize(6);
    assertThat(files()).containsExactly("touchpoints.csv");
  }

  @Test
  void badCsv_sendsNothing() throws Exception {
    Path input = Files.writeString(dir.resolve("touchpoints.csv"), "name,channel\nA,x\nB,\nC,y\n");

    assertThat(run(input)).isEqualTo(PrintRun.REFUSED);

    assertThat(err.toString()).contains("has 1 problem; nothing was created").contains("line 3: channel: is required");
    assertThat(api.requests).hasValue(0);
    assertThat(files()).containsExactly("touchpoints.csv");
  }

  @Test
  void unknownLinkOrWrongKey_isRefusedBeforeAnyTouchpoint() throws Exception {
    Path input = csv(3);
    assertThat(run(input, "wrong", List.of(ImageFormat.PNG), 2)).isEqualTo(PrintRun.REFUSED);
    assertThat(err.toString()).contains("the admin API refused the key (401)");

    PrintRunOptions options = new PrintRunOptions(api.uri(), FakeAdminApi.KEY, "winter", input, List.of(ImageFormat.PNG),
        new QrOptions(null, null), dir.resolve("campaign.zip"), 2);
    PrintRunClient client =
        new PrintRunClient(api.uri(), FakeAdminApi.KEY, AdminApi.httpClient(), Duration.ofSeconds(5));
    assertThat(new PrintRun(options, client, new PrintWriter(out), new PrintWriter(err, true)).run())
        .isEqualTo(PrintRun.REFUSED);
    assertThat(err.toString()).contains("rendering the png of link 'winter' failed: 404 no link with code 'winter'");
    assertThat(api.creates).hasValue(0);
    assertThat(files()).containsExactly("touchpoints.csv");
  }

  @Test
  void requestsInFlight_neverExceedTheConcurrency() throws Exception {
    assertThat(run(csv(40), FakeAdminApi.KEY, List.of(ImageFormat.PNG), 3)).isEqualTo(PrintRun.OK);
    assertThat(api.maxInFlight.get()).isBetween(2, 3);
  }

  @Test
  void progress_withoutATerminal_isPlainLines() throws Exception {
    assertThat(run(csv(20))).isEqualTo(PrintRun.OK);
    List<String> lines = err.toString().lines().toList();
    assertThat(lines).hasSize(10).last().isEqualTo("qr batch: 20/20 rows (100%), 0 failed");
    assertThat(Collections.frequency(lines.stream().map(l -> l.startsWith("qr batch: ")).toList(), true)).isEqualTo(10);
  }
}
