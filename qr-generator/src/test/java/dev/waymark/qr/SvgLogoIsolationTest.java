package dev.waymark.qr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile SVG logos: each is either refused with a precise message, or served, and then the
 * served SVG, rasterised by rsvg-convert (librsvg, not our code), is read back by zbarimg.
 */
class SvgLogoIsolationTest {
  private static final String PAYLOAD = "https://wmk.example/AbC12xY?qr=1";
  private final QrRenderer renderer = new QrRenderer();

  @TempDir
  Path dir;

  /** The logo's refusal detail; fails if the logo is accepted or anything but a QrSpecException escapes. */
  private static String refusal(byte[] logo) {
    Throwable thrown = catchThrowable(() -> Logo.of(logo, 0.2));
    assertThat(thrown).as("the logo is refused with a QrSpecException").isInstanceOf(QrSpecException.class);
    assertThat(((QrSpecException) thrown).field()).isEqualTo("logo");
    return ((QrSpecException) thrown).detail();
  }

  /** Serves a code with the logo and proves the served SVG scans when librsvg draws it. */
  private String servedAndScanned(byte[] logo) throws Exception {
    String svg = renderer.svg(QrSpec.builder(PAYLOAD).size(320).logo(Logo.of(logo, 0.2)).build());
    Path file = dir.resolve("code.svg");
    Files.writeString(file, svg);
    run("rsvg-convert", "-o", dir.resolve("code.png").toString(), file.toString());
    assertThat(run("zbarimg", "--raw", "-q", dir.resolve("code.png").toString()).strip())
        .as("zbarimg on librsvg's rendering of the served SVG").isEqualTo(PAYLOAD);
    return svg;
  }

  private String run(String... command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).directory(dir.toFile())
        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).as(command[0] + " finished").isTrue();
    return out;
  }

  @Test
  void styleSheetBlankingTheCode_isRefused() {
    assertThat(refusal(TestLogos.svg("<style>path { fill: #fff !important }</style><rect width=\"10\" height=\"10\"/>")))
        .startsWith("SVG contains a <style> element; a style sheet would apply to the whole QR code");
  }

  @Test
  void styleSheetFillingTheCode_isRefused() {
    assertThat(refusal(TestLogos.svg("<style>svg &gt; rect { fill: #000 }</style><circle r=\"4\"/>")))
        .startsWith("SVG contains a <style> element");
  }

  @Test
  void nestedSvgWithItsOwnStyleSheet_isRefused() {
    assertThat(refusal(TestLogos.svg("<svg viewBox=\"0 0 1 1\"><style>* { fill: #fff }</style>"
        + "<rect width=\"1\" height=\"1\"/></svg>"))).startsWith("SVG contains a <style> element");
  }

  @Test
  void styleSheetImport_isRefused() {
    assertThat(refusal(TestLogos.svg("<style>@import 'https://evil.example/a.css';</style>")))
        .startsWith("SVG contains a <style> element");
  }

  @Test
  void cssEscapedUrlInStyleAttribute_isRefused() {
    assertThat(refusal(TestLogos.svg("<rect width=\"10\" height=\"10\" style=\"fill:u\\72l(https://evil.example/p.svg#x)\"/>")))
        .isEqualTo("SVG attribute fill='u\\72l(https://evil.example/p.svg#x)' (in style) on <rect> is not a colour, "
            + "none or an in-document url(#id); CSS escapes, functions and external references are refused");
  }

  @Test
  void cssEscapedUrlInPresentationAttribute_isRefused() {
    assertThat(refusal(TestLogos.svg("<rect width=\"10\" height=\"10\" fill=\"\\75 rl(https://evil.example/p.svg#x)\"/>")))
        .startsWith("SVG attribute fill='\\75 rl(https://evil.example/p.svg#x)' on <rect> is not a colour");
  }

  @Test
  void nestingTwentyThousandDeep_isRefusedAsTooDeep() {
    String deep = "<g>".repeat(20_000) + "</g>".repeat(20_000);
    assertThat(refusal(TestLogos.svg(deep))).isEqualTo("SVG nests elements more than " + SvgLogo.MAX_DEPTH
        + " deep; flatten its groups");
  }

  @Test
  void tooManyElements_areRefused() {
    assertThat(refusal(TestLogos.svg("<rect width=\"1\" height=\"1\"/>".repeat(SvgLogo.MAX_ELEMENTS))))
        .isEqualTo("SVG has more than " + SvgLogo.MAX_ELEMENTS + " elements; simplify the logo");
  }

  @Test
  void httpXlinkHref_isRefused() {
    assertThat(refusal(TestLogos.svg("<image xlink:href=\"http://evil.example/t.png\" width=\"1\" height=\"1\"/>")))
        .startsWith("SVG contains an external reference xlink:href='http://evil.example/t.png'");
  }

  @Test
  void useOfAnElementThatItselfUses_isRefused() {
    // Each level would multiply the drawing work of the one below: a "billion laughs" made of <use>.
    assertThat(refusal(TestLogos.svg("<defs><rect id=\"a\" width=\"1\" height=\"1\"/>"
        + "<g id=\"b\"><use href=\"#a\"/><use href=\"#a\" x=\"1\"/></g></defs><use href=\"#b\"/>")))
        .isEqualTo("SVG has a <use> of #b, which itself contains <use>; nested reuse is refused");
  }

  @Test
  void useOfOurOwnIds_staysInsideTheLogo() throws Exception {
    String svg = servedAndScanned(TestLogos.svg("<circle id=\"qr-module-id\" r=\"2\"/>"
        + "<use href=\"#qr-module-id\"/><use xlink:href=\"#data\"/><rect width=\"10\" height=\"10\" fill=\"url(#data)\"/>"));
    assertThat(svg).contains("id=\"logo-qr-module-id\"").contains("href=\"#logo-qr-module-id\"")
        .contains("href=\"#logo-data\"").contains("fill=\"url(#logo-data)\"")
        .doesNotContain("\"#qr-module-id\"").doesNotContain("\"#data\"");
  }

  @Test
  void hugeViewBox_isServedAndScans() throws Exception {
    servedAndScanned(("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 1e30 1e30\">"
        + "<rect width=\"1e30\" height=\"1e30\" fill=\"#e65100\"/></svg>").getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void paintingFarOutsideItsBox_isClippedAndScans() throws Exception {
    servedAndScanned(TestLogos.svg("<rect x=\"-1000\" y=\"-1000\" width=\"3000\" height=\"3000\" fill=\"#000\"/>"
        + "<svg x=\"-500\" y=\"-500\" width=\"1000\" height=\"1000\" overflow=\"visible\"><rect width=\"1000\" height=\"1000\"/></svg>"));
  }

  @Test
  void styleAttributes_becomeCheckedPresentationAttributes() throws Exception {
    String svg = servedAndScanned(TestLogos.svg("<rect width=\"10\" height=\"10\" class=\"c\" "
        + "style=\"fill: #E65100; stroke:none; -inkscape-stroke: none; fill-opacity:.8\"/>"));
    assertThat(svg).contains("fill=\"#E65100\"").contains("fill-opacity=\".8\"").doesNotContain("style=")
        .doesNotContain("class=").doesNotContain("inkscape");
  }

  @Test
  void foreignNamespacesAndMetadata_areDropped() throws Exception {
    String svg = servedAndScanned(("<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:i=\"http://ns.example/i\" "
        + "viewBox=\"0 0 10 10\" i:version=\"1\"><metadata><i:data>x</i:data></metadata><title>Acme</title>"
        + "<i:namedview/><circle cx=\"5\" cy=\"5\" r=\"4\" fill=\"#1a237e\"/></svg>").getBytes(StandardCharsets.UTF_8));
    assertThat(svg).doesNotContain("metadata").doesNotContain("Acme").doesNotContain("i:").contains("<circle");
  }

  @Test
  void classRulesOfADesignToolsStyleSheet_becomeAttributesOfTheLogosOwnElements() throws Exception {
    String svg = servedAndScanned(TestLogos.svg("<style type=\"text/css\"><![CDATA[ .st0{fill:#E65100;} "
        + ".st1, .st2 { fill: #FFFFFF; stroke: none } /* Illustrator */ ]]></style>"
        + "<circle class=\"st0\" cx=\"5\" cy=\"5\" r=\"5\"/><rect class=\"st2\" x=\"3\" y=\"3\" width=\"4\" height=\"4\"/>"));
    assertThat(svg).contains("<circle cx=\"5\" cy=\"5\" r=\"5\" fill=\"#E65100\">")
        .contains("<rect x=\"3\" y=\"3\" width=\"4\" height=\"4\" fill=\"#FFFFFF\" stroke=\"none\">")
        .doesNotContain("<style").doesNotContain("class=").doesNotContain("Illustrator");
  }

  @Test
  void cascade_styleAttributeOverClassRuleOverPresentationAttribute() {
    String markup = Logo.of(TestLogos.svg("<style>.a { fill: #00ff00; stroke: #0000ff }</style>"
        + "<rect class=\"a\" fill=\"#ff0000\" stroke=\"#ff0000\" style=\"stroke: #000000\" width=\"1\" height=\"1\"/>"), 0.2)
        .svgMarkup();
    assertThat(markup).contains("fill=\"#00ff00\"").contains("stroke=\"#000000\"").doesNotContain("#ff0000");
  }

  @Test
  void classRuleWithCssEscapeOrExternalUrl_isRefused() {
    assertThat(refusal(TestLogos.svg("<style>.a { fill: u\\72l(https://evil.example/p.svg#x) }</style>")))
        .contains("a CSS escape (\\) is not one");
    assertThat(refusal(TestLogos.svg("<style>.a { fill: url(https://evil.example/p.svg#x) }</style>")))
        .startsWith("SVG contains an external reference 'url(https://evil.example/p.svg#x)' in fill (in style)");
  }

  @Test
  void styleSheetWithAtRulesOrNesting_isRefused() {
    assertThat(refusal(TestLogos.svg("<style>@media print { .a { fill: #000 } }</style>")))
        .startsWith("SVG contains a <style> element; a style sheet would apply to the whole QR code");
    assertThat(refusal(TestLogos.svg("<style>.a { fill: #000 } rect.a { fill: #fff }</style>")))
        .contains("'rect.a' is not one");
  }

  @Test
  void reusingALargeGroupManyTimes_isRefusedBeforeItIsDrawn() {
    // 1,023 elements, and each of the 20 uses draws the 1,001 of the group again.
    String group = "<g id=\"big\">" + "<rect width=\"1\" height=\"1\"/>".repeat(1000) + "</g>";
    assertThat(refusal(TestLogos.svg("<defs>" + group + "</defs>" + "<use href=\"#big\"/>".repeat(20))))
        .isEqualTo("SVG reuses its elements (use, clip-path, mask) so often that 21043 shapes would be drawn; at most "
            + SvgLogo.MAX_DRAWN);
    assertThat(refusal(TestLogos.svg("<defs><mask id=\"m\">" + "<rect width=\"1\" height=\"1\"/>".repeat(900)
        + "</mask></defs>" + "<rect width=\"1\" height=\"1\" mask=\"url(#m)\"/>".repeat(20))))
        .startsWith("SVG reuses its elements (use, clip-path, mask) so often that");
  }
}
