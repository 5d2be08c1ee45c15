package dev.waymark.qr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.MultiFormatReader;
import com.google.zxing.client.j2se.BufferedImageLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import java.nio.file.Path;
import java.nio.file.Files;

class QrRendererTest {
  private static final String URL = "https://wmk.example/AbC12xY?qr=1";
  private final QrRenderer renderer = new QrRenderer();

  static String decode(BufferedImage image) throws Exception {
    BinaryBitmap bitmap = new BinaryBitmap(new HybridBinarizer(new BufferedImageLuminanceSource(image)));
    return new MultiFormatReader().decode(bitmap, Map.of(DecodeHintType.TRY_HARDER, true)).getText();
  }

  static BufferedImage read(byte[] png) throws Exception {
    return ImageIO.read(new ByteArrayInputStream(png));
  }

  @Test
  void png_default_isSquareOfRequestedSizeAndDecodes() throws Exception {
    BufferedImage image = read(renderer.png(QrSpec.builder(URL).size(300).build()));
    assertThat(image.getWidth()).isEqualTo(300);
    assertThat(image.getHeight()).isEqualTo(300);
    assertThat(decode(image)).isEqualTo(URL);
  }

  @Test
  void png_quietZone_isAtLeastTheMargin() throws Exception {
    QrSpec spec = QrSpec.builder(URL).size(300).margin(2).build();
    BufferedImage image = read(renderer.png(spec));
    int modules = Symbol.encode(spec).dimension() + 4;
    int modulePx = 300 / modules;
    for (int i = 0; i < 2 * modulePx; i++) {
      assertThat(image.getRGB(i, i) & 0xffffff).as("diagonal pixel %d of the quiet zone", i).isEqualTo(0xffffff);
    }
  }

  @Test
  void png_withDpi_writesPhysChunkInPixelsPerMetre() {
    byte[] png = renderer.png(QrSpec.builder(URL).size(256).build(), 300);
    String text = new String(png, StandardCharsets.ISO_8859_1);
    int at = text.indexOf("pHYs");
    assertThat(at).isPositive();
    int perMetre = (png[at + 4] & 0xff) << 24 | (png[at + 5] & 0xff) << 16 | (png[at + 6] & 0xff) << 8 | (png[at + 7] & 0xff);
    assertThat(perMetre).isEqualTo(11811); // 300 / 0.0254
    assertThat(png[at + 12]).as("unit: metre").isEqualTo((byte) 1);
  }

  @Test
  void png_withoutDpi_hasNoPhysChunk() {
    assertThat(new String(renderer.png(QrSpec.builder(URL).size(256).build()), StandardCharsets.ISO_8859_1)).doesNotContain("pHYs");
  }

  @Test
  void png_dpiOutOfRange_isRefused() {
    QrSpecException e = catchThrowableOfType(QrSpecException.class, () -> renderer.png(QrSpec.builder(URL).build(), 10));
    assertThat(e.field()).isEqualTo("dpi");
    assertThat(e.detail()).isEqualTo("must be 72..2400; got 10");
  }

  @Test
  void svg_dataModules_areOneMergedPathNotOneRectPerModule() {
    String svg = renderer.svg(QrSpec.builder(URL).build());
    assertThat(count(svg, "<path")).as("one path for data, one for eyes").isEqualTo(2);
    assertThat(count(svg, "<rect")).as("only the background").isEqualTo(1);
    assertThat(svg).contains("fill-rule=\"evenodd\"").contains("viewBox=\"0 0 37 37\"").contains("width=\"512\"");
    assertThat(svg.length()).as("compact").isLessThan(4000);
  }

  @Test
  void svg_isWellFormedXml() throws Exception {
    String svg = renderer.svg(QrSpec.builder(URL).moduleShape(ModuleShape.ROUNDED).eyeShape(EyeShape.CIRCLE)
        .logo(Logo.of(TestLogos.svgBadge(), 0.3)).build());
    javax.xml.parsers.DocumentBuilderFactory factory = javax.xml.parsers.DocumentBuilderFactory.newInstance();
    factory.setNamespaceAware(true);
    assertThat(factory.newDocumentBuilder().parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)))
        .getDocumentElement().getLocalName()).isEqualTo("svg");
  }

  @Test
  void svg_withSvgLogo_nestsItAsSvgElementAtTheCentre() {
    String svg = renderer.svg(QrSpec.builder(URL).logo(Logo.of(TestLogos.svgBadge(), 0.3)).build());
    Matcher nested = Pattern.compile("<svg x=\"([.\\d]+)\" y=\"([.\\d]+)\" width=\"([.\\d]+)\" height=\"([.\\d]+)\"").matcher(svg);
    assertThat(nested.find()).isTrue();
    Matcher viewBox = Pattern.compile("viewBox=\"0 0 (\\d+) ").matcher(svg);
    assertThat(viewBox.find()).isTrue();
    double extent = Double.parseDouble(viewBox.group(1));
    double x = Double.parseDouble(nested.group(1));
    double w = Double.parseDouble(nested.group(3));
    assertThat(x + w / 2).isCloseTo(extent / 2, org.assertj.core.data.Offset.offset(0.01));
    assertThat(svg).contains("linearGradient").doesNotContain("<?xml");
  }

  @Test
  void svg_withPngLogo_embedsItAsDataUriImage() {
    String svg = renderer.svg(QrSpec.builder(URL).logo(Logo.of(TestLogos.pngBadge(), 0.3)).build());
    assertThat(svg).contains("<image ").contains("xlink:href=\"data:image/png;base64,iVBOR");
  }

  @Test
  void render_logo_clearsTheModulesUnderIt() {
    QrSpec spec = QrSpec.builder(URL).logo(Logo.of(TestLogos.pngBadge(), 0.3)).build();
    Symbol symbol = Symbol.encode(spec);
    LogoPlacement place = symbol.logo();
    for (int y = place.clearY(); y < place.clearY() + place.clearHeight(); y++) {
      for (int x = place.clearX(); x < place.clearX() + place.clearWidth(); x++) {
        assertThat(symbol.isDark(x, y)).isFalse();
      }
    }
    assertThat(place.clearOfFunctionPatterns()).isTrue();
  }

  @Test
  void render_logoTooCloseToFinders_movesToALargerVersion() {
    QrSpec plain = QrSpec.builder("HTTPS://W.EX/A").ecc(Ecc.H).build();
    QrSpec withLogo = QrSpec.builder("HTTPS://W.EX/A").logo(Logo.of(TestLogos.svgBadge(), 0.3)).build();
    int natural = Symbol.encode(plain).version();
    Symbol symbol = Symbol.encode(withLogo);
    assertThat(symbol.version()).isGreaterThan(natural);
    assertThat(symbol.logo().clearOfFunctionPatterns()).isTrue();
    assertThat(renderer.svg(withLogo)).isNotEmpty();
  }

  @Test
  void render_logoTooLargeForEcc_isRefused() {
    QrSpec spec = QrSpec.builder(URL).logo(Logo.of(TestLogos.svgBadge(), 0.45)).build();
    QrSpecException e = catchThrowableOfType(QrSpecException.class, () -> renderer.svg(spec));
    assertThat(e.field()).isEqualTo("logoSize");
    assertThat(e.detail()).matches("a logo of relative size 0\\.45 clears \\d+\\.\\d% of the symbol \\(\\d+×\\d+ of \\d+×\\d+ modules, "
        + "version \\d+\\); ECC H absorbs at most 20%: use a relative size of 0\\.\\d\\d or less");
  }

  @Test
  void render_logoAtSuggestedSize_isAccepted() {
    String detail = catchThrowableOfType(QrSpecException.class,
        () -> renderer.svg(QrSpec.builder(URL).logo(Logo.of(TestLogos.svgBadge(), 0.45)).build())).detail();
    double suggested = Double.parseDouble(detail.replaceAll(".*size of (0\\.\\d+) or less", "$1"));
    assertThat(renderer.svg(QrSpec.builder(URL).logo(Logo.of(TestLogos.svgBadge(), suggested)).build())).isNotEmpty();
  }

  @Test
  void png_withSvgLogo_isRefusedWithAClearMessage() {
    QrSpec spec = QrSpec.builder(URL).logo(Logo.of(TestLogos.svgBadge(), 0.2)).build();
    QrSpecException e = catchThrowableOfType(QrSpecException.class, () -> renderer.png(spec));
    assertThat(e.field()).isEqualTo("logo");
    assertThat(e.detail()).isEqualTo("an SVG logo can be embedded in SVG output only; upload a PNG logo for PNG output");
  }

  @Test
  void render_payloadTooLongForEcc_isRefusedWithByteCount() {
    QrSpec spec = QrSpec.builder("https://wmk.example/" + "a".repeat(1400)).ecc(Ecc.H).size(4096).build();
    QrSpecException e = catchThrowableOfType(QrSpecException.class, () -> renderer.png(spec));
    assertThat(e.field()).isEqualTo("payload");
    assertThat(e.detail()).isEqualTo("is 1420 bytes and does not fit a QR code at ECC H (at most 1273 bytes of text); "
        + "shorten it or lower the ECC level");
  }

  @Test
  void render_sizeTooSmallForSymbol_isRefusedWithTheSizeNeeded() {
    QrSpec spec = QrSpec.builder("https://wmk.example/" + "a".repeat(300)).size(64).build();
    QrSpecException e = catchThrowableOfType(QrSpecException.class, () -> renderer.png(spec));
    assertThat(e.field()).isEqualTo("size");
    assertThat(e.detail()).matches("64 px leaves less than 2 px per module for a version-\\d+ symbol "
        + "\\(\\d+ modules \\+ 2×4 quiet zone\\); at least \\d+ px are needed");
  }

  @Test
  void render_nonAsciiPayload_decodesExactly() throws Exception {
    String payload = "https://wmk.example/café?qr=1&ü=ß";
    assertThat(decode(read(renderer.png(QrSpec.builder(payload).size(256).build())))).isEqualTo(payload);
  }

  @Test
  void scannability_imageWithoutCode_isRefused() {
    BufferedImage blank = new BufferedImage(200, 200, BufferedImage.TYPE_INT_RGB);
    assertThatThrownBy(() -> Scannability.requireDecodes(URL, "PNG", () -> blank))
        .isInstanceOf(UnscannableQrException.class)
        .hasMessage("the rendered PNG was refused: ZXing found no QR code in it");
  }

  @Test
  void scannability_noCodeInTheFirstRendering_triesTheNextAndRefusesOnlyIfNoneHasOne() throws Exception {
    BufferedImage blank = new BufferedImage(200, 200, BufferedImage.TYPE_INT_RGB);
    BufferedImage good = read(renderer.png(QrSpec.builder(URL).size(200).build()));
    Scannability.requireDecodes(URL, "SVG", () -> blank, () -> good);
    assertThatThrownBy(() -> Scannability.requireDecodes(URL, "SVG", () -> blank, () -> blank))
        .isInstanceOf(UnscannableQrException.class)
        .hasMessage("the rendered SVG was refused: ZXing found no QR code in it");
  }

  @Test
  void png_cleanSymbolsZxingsDetectorMisreadsAtFirst_areServedAndZbarReadsThem(@TempDir Path dir) throws Exception {
    // Found in print runs: the phone-like reading misplaces its grid on these two (a checksum
    // error, and no symbol found), the other readings and zbar read them.
    for (String payload : List.of("http://127.0.0.1:18480/c5jKct2aqD?qr=1", "http://127.0.0.1:18480/cnafnyYvLK?qr=1")) {
      Path file = dir.resolve("code.png");
      Files.write(file, renderer.png(QrSpec.builder(payload).build()));
      Process zbar = new ProcessBuilder("zbarimg", "--raw", "-q", file.toString()).start();
      String read = new String(zbar.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      assertThat(zbar.waitFor()).isZero();
      assertThat(read).isEqualTo(payload);
    }
  }

  @Test
  void svg_eccHAt512px_isServed() {
    // ZXing's detector finds no symbol in the exact-scale rendering of this one, zbar reads it;
    // it used to be refused, and with it every brand with an SVG logo at the default size.
    String payload = "https://wmk.example/aZ3kP9q?qr=1";
    for (int size : new int[] {512, 600}) {
      assertThat(renderer.svg(QrSpec.builder(payload).ecc(Ecc.H).size(size).build())).startsWith("<svg");
    }
  }

  @Test
  void scannability_otherPayload_isRefused() throws Exception {
    BufferedImage other = read(renderer.png(QrSpec.builder("https://wmk.example/other").size(200).build()));
    assertThatThrownBy(() -> Scannability.requireDecodes(URL, "PNG", () -> other))
        .isInstanceOf(UnscannableQrException.class)
        .hasMessage("the rendered PNG was refused: it decodes to 'https://wmk.example/other', not the payload");
  }

  @Test
  void renderer_concurrentRenders_giveIdenticalBytes() throws Exception {
    QrSpec spec = QrSpec.builder(URL).size(256).moduleShape(ModuleShape.ROUNDED).eyeShape(EyeShape.ROUNDED).build();
    byte[] expected = renderer.png(spec);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<byte[]>> results = pool.invokeAll(java.util.Collections.nCopies(8, () -> renderer.png(spec)));
      for (Future<byte[]> result : results) {
        assertThat(result.get()).isEqualTo(expected);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void svgPath_numbers_areShortest() {
    assertThat(SvgPath.number(0.45)).isEqualTo(".45");
    assertThat(SvgPath.number(-0.5)).isEqualTo("-.5");
    assertThat(SvgPath.number(2.0)).isEqualTo("2");
    assertThat(SvgPath.number(0.405)).isEqualTo(".405");
    assertThat(SvgPath.number(-12.05)).isEqualTo("-12.05");
    assertThat(SvgPath.number(0.0001)).isEqualTo("0");
  }

  private static int count(String text, String needle) {
    return text.split(Pattern.quote(needle), -1).length - 1;
  }
}
