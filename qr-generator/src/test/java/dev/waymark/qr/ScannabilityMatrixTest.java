package dev.waymark.qr;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every module shape × eye shape × ECC level × logo (none, PNG, SVG) × colour pair, as PNG and as
 * SVG, decodes to the exact payload with ZXing and with zbar, an independent decoder. SVGs are
 * rasterised by rsvg-convert (librsvg), not by our own Java2D code.
 *
 * <p>Needs {@code zbarimg} (Debian zbar-tools) and {@code rsvg-convert} (Debian librsvg2-bin) on
 * the PATH. Everything is rendered once up front and zbarimg runs once over the whole directory,
 * which keeps ~300 images at a few seconds.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ScannabilityMatrixTest {
  private static final String PAYLOAD = "https://wmk.example/AbC12xY?qr=1";
  private static final int SIZE = 320;
  private static final String[][] COLOURS = {
      {"black-white", "#000000", "#ffffff", null},
      {"blue-yellow", "#1a237e", "#fff9c4", null},
      {"green-white", "#1b5e20", "#ffffff", "#0d47a1"}};

  private Path dir;

  private final Map<String, Throwable> renderFailures = new ConcurrentHashMap<>();
  private final Map<String, List<String>> zbar = new HashMap<>();

  record Case(ModuleShape modules, EyeShape eyes, Ecc ecc, String logo, String[] colours, String output) {
    String name() {
      return String.join("-", modules.name(), eyes.name(), ecc.name(), logo, colours[0], output).toLowerCase();
    }

    /** The file the decoders read: our PNG, or rsvg-convert's rendering of our SVG. */
    String raster() {
      return name() + ".png";
    }

    @Override
    public String toString() {
      return name();
    }
  }

  static Stream<Case> cases() {
    List<Case> cases = new ArrayList<>();
    for (ModuleShape modules : ModuleShape.values()) {
      for (EyeShape eyes : EyeShape.values()) {
        for (String[] colours : COLOURS) {
          for (Ecc ecc : Ecc.values()) {
            cases.add(new Case(modules, eyes, ecc, "nologo", colours, "png"));
            cases.add(new Case(modules, eyes, ecc, "nologo", colours, "svg"));
          }
          // A logo forces ECC H, so every ECC level asked for renders the same symbol: once is enough.
          cases.add(new Case(modules, eyes, Ecc.H, "pnglogo", colours, "png"));
          cases.add(new Case(modules, eyes, Ecc.H, "pnglogo", colours, "svg"));
          cases.add(new Case(modules, eyes, Ecc.H, "svglogo", colours, "svg"));
        }
      }
    }
    return cases.stream();
  }

  @BeforeAll
  void renderAllAndDecodeWithZbar(@TempDir Path tempDir) throws Exception {
    dir = tempDir;
    Logo png = Logo.of(TestLogos.pngBadge(), 0.3);
    Logo svg = Logo.of(TestLogos.svgBadge(), 0.35);
    QrRenderer renderer = new QrRenderer();
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      List<Future<?>> jobs = new ArrayList<>();
      cases().forEach(c -> jobs.add(pool.submit(() -> render(renderer, c, png, svg))));
      for (Future<?> job : jobs) {
        job.get(2, TimeUnit.MINUTES);
      }
    } finally {
      pool.shutdownNow();
    }
    readZbar();
  }

  private void render(QrRenderer renderer, Case c, Logo png, Logo svg) {
    QrSpec.Builder spec = QrSpec.builder(PAYLOAD).size(SIZE).ecc(c.ecc()).moduleShape(c.modules()).eyeShape(c.eyes())
        .fg(c.colours()[1]).bg(c.colours()[2]).eyeColor(c.colours()[3]);
    if (!c.logo().equals("nologo")) {
      spec.logo(c.logo().equals("pnglogo") ? png : svg);
    }
    try {
      if (c.output().equals("png")) {
        Files.write(dir.resolve(c.raster()), renderer.png(spec.build()));
      } else {
        Path file = dir.resolve(c.name() + ".svg");
        Files.writeString(file, renderer.svg(spec.build()));
        run("rsvg-convert", "-o", dir.resolve(c.raster()).toString(), file.toString());
      }
    } catch (Exception | AssertionError e) {
      renderFailures.put(c.name(), e);
    }
  }

  private void readZbar() throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("zbarimg", "-q", "--xml"));
    try (Stream<Path> files = Files.list(dir)) {
      files.filter(p -> p.toString().endsWith(".png")).sorted().forEach(p -> command.add(p.getFileName().toString()));
    }
    String xml = run(command.toArray(String[]::new));
    Matcher source = Pattern.compile("<source href='([^']+)'>(.*?)</source>", Pattern.DOTALL).matcher(xml);
    Pattern data = Pattern.compile("<data><!\\[CDATA\\[(.*?)]]></data>", Pattern.DOTALL);
    while (source.find()) {
      List<String> found = new ArrayList<>();
      Matcher d = data.matcher(source.group(2));
      while (d.find()) {
        found.add(d.group(1));
      }
      zbar.put(source.group(1), found);
    }
  }

  /** Runs a tool in the temp directory; stderr is discarded (librsvg complains about a missing D-Bus). */
  private String run(String... command) throws IOException, InterruptedException {
    Process process;
    try {
      process = new ProcessBuilder(command).directory(dir.toFile())
          .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    } catch (IOException e) {
      throw new UncheckedIOException(command[0] + " is not installed: the QR tests need zbar-tools and librsvg2-bin", e);
    }
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IOException(command[0] + " timed out");
    }
    return out;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void rendered_decodesToExactPayload_withZxingAndZbar(Case c) throws Exception {
    assertThat(renderFailures.get(c.name())).as("rendering %s", c).isNull();
    byte[] raster = Files.readAllBytes(dir.resolve(c.raster()));
    assertThat(QrRendererTest.decode(QrRendererTest.read(raster))).as("ZXing on %s", c).isEqualTo(PAYLOAD);
    assertThat(zbar.get(c.raster())).as("zbarimg on %s", c).containsExactly(PAYLOAD);
  }
}
