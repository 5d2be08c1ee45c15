package dev.waymark.qr;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What one QR image costs the admin API's render pool at 512 px: PNG and SVG, plain and with a
 * logo (which forces ECC H), each including the re-decode check; and that check on its own, for
 * PNG (decode the PNG bytes, then ZXing) and for SVG (ZXing on the verification raster; jsvg
 * rasterising the served markup, then ZXing); and reading an SVG logo, which the API does per render.
 *
 * <p>In package {@code dev.waymark.qr}, like {@code LocationBenchmark} in its package, to reach the
 * check without widening the renderer's public API.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgs = {"-Xmx1g", "-Djava.awt.headless=true"})
public class QrRenderBenchmark {

  /** A touchpoint's payload as the server encodes it: public base URL, 10-character stable code, marker. */
  static final String PAYLOAD = "https://wmk.example/jqpZS0NDx8?qr=1";
  static final int SIZE = 512;

  private final QrRenderer renderer = new QrRenderer();
  private QrSpec plain;
  private QrSpec pngLogo;
  private QrSpec svgLogo;
  private byte[] renderedPng;
  private BufferedImage svgRaster;
  private byte[] svgLogoBytes;
  private String servedSvgWithLogo;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    plain = QrSpec.builder(PAYLOAD).size(SIZE).build();
    pngLogo = QrSpec.builder(PAYLOAD).size(SIZE).logo(Logo.of(pngLogoBytes(), 0.2)).build();
    svgLogoBytes = ("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 100 100\">"
        + "<rect width=\"100\" height=\"100\" rx=\"18\" fill=\"#1a237e\"/>"
        + "<circle cx=\"50\" cy=\"50\" r=\"30\" fill=\"#ffffff\"/></svg>").getBytes(StandardCharsets.UTF_8);
    svgLogo = QrSpec.builder(PAYLOAD).size(SIZE).logo(Logo.of(svgLogoBytes, 0.2)).build();
    servedSvgWithLogo = renderer.svg(svgLogo);
    renderedPng = renderer.png(plain);
    Symbol symbol = Symbol.encode(plain);
    svgRaster = Raster.draw(SymbolDrawing.of(symbol, plain), plain, false);
  }

  /** A 256 px two-colour mark, as a brand logo would be. */
  private static byte[] pngLogoBytes() throws IOException {
    BufferedImage logo = new BufferedImage(256, 256, BufferedImage.TYPE_INT_ARGB);
    Graphics2D g = logo.createGraphics();
    g.setColor(new Color(0x1a237e));
    g.fillRoundRect(0, 0, 256, 256, 48, 48);
    g.setColor(Color.WHITE);
    g.fillOval(64, 64, 128, 128);
    g.dispose();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(logo, "png", out);
    return out.toByteArray();
  }

  @Benchmark
  public byte[] png() {
    return renderer.png(plain);
  }

  @Benchmark
  public byte[] pngWithLogo() {
    return renderer.png(pngLogo);
  }

  @Benchmark
  public String svg() {
    return renderer.svg(plain);
  }

  @Benchmark
  public String svgWithLogo() {
    return renderer.svg(svgLogo);
  }

  /** The check as {@code png()} runs it: decode the encoded bytes, then ZXing. */
  @Benchmark
  public BufferedImage checkPng() {
    BufferedImage image = PngEncoding.decode(renderedPng);
    Scannability.requireDecodes(PAYLOAD, "PNG", () -> image);
    return image;
  }

  /** The ZXing part alone, on the raster {@code svg()} verifies. */
  @Benchmark
  public BufferedImage checkSvgRaster() {
    Scannability.requireDecodes(PAYLOAD, "SVG", () -> svgRaster);
    return svgRaster;
  }

  /** jsvg drawing the served SVG (logo included) at its size: the part of the check that reads the markup. */
  @Benchmark
  public BufferedImage rasteriseServedSvg() {
    return SvgRaster.draw(servedSvgWithLogo, SIZE);
  }

  /** The served-markup check as {@code svg()} runs it: jsvg, then ZXing. */
  @Benchmark
  public String checkServedSvg() {
    Scannability.requireDecodes(PAYLOAD, "SVG", () -> SvgRaster.draw(servedSvgWithLogo, SIZE));
    return servedSvgWithLogo;
  }

  /** Reading and rebuilding an SVG logo from its allow-list; the API does it on every render with one. */
  @Benchmark
  public Logo readSvgLogo() {
    return Logo.of(svgLogoBytes, 0.2);
  }
}
