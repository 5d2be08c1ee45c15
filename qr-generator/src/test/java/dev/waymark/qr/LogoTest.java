package dev.waymark.qr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LogoTest {

  private static QrSpecException refusal(byte[] bytes) {
    QrSpecException e = catchThrowableOfType(QrSpecException.class, () -> Logo.of(bytes, 0.2));
    assertThat(e).as("expected a QrSpecException").isNotNull();
    assertThat(e.field()).isEqualTo("logo");
    return e;
  }

  @Test
  void logo_png_keepsSizeAndAspect() {
    Logo logo = Logo.of(TestLogos.pngBadge(), 0.25);
    assertThat(logo.format()).isEqualTo(Logo.Format.PNG);
    assertThat(logo.aspectRatio()).isEqualTo(2.0);
    assertThat(logo.relativeSize()).isEqualTo(0.25);
  }

  @Test
  void logo_svg_takesAspectFromViewBox() {
    Logo logo = Logo.of(TestLogos.svg("<rect width=\"10\" height=\"5\"/>"), 0.25);
    assertThat(logo.format()).isEqualTo(Logo.Format.SVG);
    assertThat(logo.aspectRatio()).isEqualTo(1.0);
  }

  @Test
  void logo_notAnImage_isRefused() {
    assertThat(refusal("hello, world".getBytes(StandardCharsets.UTF_8)).detail())
        .isEqualTo("is neither a PNG nor an SVG image");
    assertThat(refusal(new byte[] {(byte) 0xff, (byte) 0xd8, (byte) 0xff, 0}).detail())
        .as("a JPEG").isEqualTo("is neither a PNG nor an SVG image");
  }

  @Test
  void logo_empty_isRefused() {
    assertThat(refusal(new byte[0]).detail()).isEqualTo("is empty");
  }

  @Test
  void logo_overOneMebibyte_isRefusedUnparsed() {
    assertThat(refusal(new byte[Logo.MAX_BYTES + 1]).detail()).isEqualTo("is 1048577 bytes; at most 1048576 are accepted");
  }

  @Test
  void logo_xmlButNotSvg_isRefused() {
    assertThat(refusal("<html><body/></html>".getBytes(StandardCharsets.UTF_8)).detail())
        .startsWith("is XML but not an SVG image");
  }

  @Test
  void logo_malformedXml_isRefused() {
    assertThat(refusal("<svg xmlns=\"http://www.w3.org/2000/svg\"><g></svg>".getBytes(StandardCharsets.UTF_8)).detail())
        .startsWith("is not well-formed XML: ");
  }

  @Test
  void pngLogo_hugeDeclaredDimensions_isRefusedBeforeDecoding() {
    byte[] bomb = TestLogos.pngHeaderClaiming(100_000, 100_000);
    assertThat(bomb).hasSizeLessThan(64);
    assertThat(refusal(bomb).detail()).isEqualTo("PNG declares 100000×100000 px; at most 2048×2048 px are accepted");
  }

  @Test
  void pngLogo_dimensionsBeyondSignedInt_areReadUnsigned() {
    assertThat(refusal(TestLogos.pngHeaderClaiming(-1, 1)).detail()).startsWith("PNG declares 4294967295×1 px");
  }

  @Test
  void pngLogo_zeroWidth_isRefused() {
    assertThat(refusal(TestLogos.pngHeaderClaiming(0, 10)).detail()).isEqualTo("PNG declares an empty image (0×10 px)");
  }

  @Test
  void pngLogo_truncated_isRefused() {
    byte[] png = TestLogos.pngBadge();
    assertThat(refusal(Arrays.copyOf(png, png.length / 2)).detail()).startsWith("is not a valid PNG: truncated");
  }

  @Test
  void pngLogo_headerWithoutPixels_isRefusedAsUnreadable() {
    assertThat(refusal(TestLogos.pngHeaderClaiming(16, 16)).detail()).startsWith("is not a readable PNG");
  }

  @Test
  void pngLogo_textChunks_areStrippedBeforeDecoding() {
    byte[] png = TestLogos.withChunkAfterHeader(TestLogos.pngBadge(), "zTXt", "Comment\0\0garbage".getBytes(StandardCharsets.ISO_8859_1));
    Logo logo = Logo.of(png, 0.2);
    assertThat(new String(logo.content(), StandardCharsets.ISO_8859_1)).doesNotContain("zTXt").contains("IDAT");
  }

  @Test
  void pngLogo_paletteTransparency_survives() {
    BufferedImage indexed = new BufferedImage(8, 8, BufferedImage.TYPE_BYTE_INDEXED);
    byte[] png = TestLogos.png(indexed);
    assertThat(Logo.of(png, 0.2).raster().getWidth()).isEqualTo(8);
  }

  @ParameterizedTest
  @ValueSource(doubles = {0, 0.04, 0.51, -0.2, Double.NaN, Double.POSITIVE_INFINITY})
  void logoSize_outOfRange_isRefused(double size) {
    QrSpecException e = catchThrowableOfType(QrSpecException.class, () -> Logo.of(TestLogos.pngBadge(), size));
    assertThat(e.field()).isEqualTo("logoSize");
    assertThat(e.detail()).isEqualTo("must be 0.05..0.50 of the symbol width; got " + size);
  }

  @Test
  void svgLogo_script_isRefused() {
    assertThat(refusal(TestLogos.svg("<script>alert(1)</script><rect width=\"1\" height=\"1\"/>")).detail())
        .isEqualTo("SVG contains a <script> element; scripts, event handlers, foreign objects and external references are refused");
  }

  @Test
  void svgLogo_namespacedScript_isRefused() {
    assertThat(refusal(TestLogos.svg("<h:script xmlns:h=\"http://www.w3.org/1999/xhtml\">x()</h:script>")).detail())
        .startsWith("SVG contains a <h:script> element");
  }

  @Test
  void svgLogo_eventHandler_isRefused() {
    assertThat(refusal(TestLogos.svg("<rect width=\"1\" height=\"1\" onclick=\"steal()\"/>")).detail())
        .startsWith("SVG contains an event-handler attribute onclick on <rect>");
  }

  @Test
  void svgLogo_onloadOnRoot_isRefused() {
    byte[] svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 1 1\" onload=\"x()\"/>".getBytes(StandardCharsets.UTF_8);
    assertThat(refusal(svg).detail()).startsWith("SVG contains an event-handler attribute onload on <svg>");
  }

  @Test
  void svgLogo_foreignObject_isRefused() {
    assertThat(refusal(TestLogos.svg("<foreignObject width=\"5\" height=\"5\"><p xmlns=\"http://www.w3.org/1999/xhtml\">hi</p></foreignObject>")).detail())
        .startsWith("SVG contains a <foreignObject> element");
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "<image href=\"https://evil.example/track.png\" width=\"1\" height=\"1\"/>",
      "<image xlink:href=\"file:///etc/passwd\" width=\"1\" height=\"1\"/>",
      "<use href=\"other.svg#icon\"/>",
      "<a xlink:href=\"javascript:alert(1)\"><rect width=\"1\" height=\"1\"/></a>",
      "<image href=\"data:image/svg+xml;base64,PHN2Zy8+\" width=\"1\" height=\"1\"/>"})
  void svgLogo_externalHref_isRefused(String element) {
    assertThat(refusal(TestLogos.svg(element)).detail()).startsWith("SVG contains an external reference ");
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "<rect width=\"1\" height=\"1\" fill=\"url(https://evil.example/p.svg#x)\"/>",
      "<rect width=\"1\" height=\"1\" style=\"fill:url('//evil.example/a')\"/>",
      "<rect width=\"1\" height=\"1\" clip-path=\"url(#a) url(http://evil.example/c)\"/>"})
  void svgLogo_cssExternalReference_isRefused(String element) {
    assertThat(refusal(TestLogos.svg(element)).detail()).startsWith("SVG contains an external reference");
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "<style>@import url(https://evil.example/a.css);</style>",
      "<style>rect { fill: url( \"http://evil.example/g.svg#g\" ) }</style>"})
  void svgLogo_styleSheet_isRefusedWhateverItHolds(String element) {
    assertThat(refusal(TestLogos.svg(element)).detail()).startsWith("SVG contains a <style> element");
  }

  @Test
  void svgLogo_hrefAnimation_isRefused() {
    assertThat(refusal(TestLogos.svg("<a><set attributeName=\"href\" to=\"javascript:alert(1)\"/></a>")).detail())
        .startsWith("SVG contains an");
  }

  @Test
  void svgLogo_doctype_isRefused() {
    byte[] lol = ("<?xml version=\"1.0\"?><!DOCTYPE svg [<!ENTITY a \"aaaa\"><!ENTITY b \"&a;&a;&a;&a;\">]>"
        + "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 1 1\"><text>&b;</text></svg>").getBytes(StandardCharsets.UTF_8);
    assertThat(refusal(lol).detail()).isEqualTo("SVG must not contain a DOCTYPE (entities are refused)");
  }

  @Test
  void svgLogo_processingInstruction_isRefused() {
    assertThat(refusal(TestLogos.svg("<?xml-stylesheet href=\"https://evil.example/a.css\"?>")).detail())
        .startsWith("SVG contains a processing instruction");
  }

  @Test
  void svgLogo_embeddedPngAndInternalReferences_areAccepted() {
    String png = java.util.Base64.getMimeEncoder().encodeToString(TestLogos.pngBadge());
    byte[] svg = TestLogos.svg("<defs><circle id=\"c\" r=\"2\"/></defs><use href=\"#c\" fill=\"url(#c)\"/>"
        + "<image xlink:href=\"data:image/png;base64," + png + "\" width=\"1\" height=\"1\"/>");
    assertThat(Logo.of(svg, 0.2).svgMarkup()).contains("href=\"#logo-c\"").contains("xlink:href=\"data:image/png;base64,iVBOR");
  }

  @Test
  void svgLogo_embeddedPngClaimingHugeDimensions_isRefusedBeforeDecoding() {
    String png = java.util.Base64.getEncoder().encodeToString(TestLogos.pngHeaderClaiming(100_000, 100_000));
    assertThat(refusal(TestLogos.svg("<image href=\"data:image/png;base64," + png + "\" width=\"1\" height=\"1\"/>"))
        .detail()).startsWith("PNG declares 100000×100000 px");
  }

  @Test
  void svgLogo_embeddedTruncatedPng_isRefused() {
    assertThat(refusal(TestLogos.svg("<image href=\"data:image/png;base64,iVBORw0KGgo=\" width=\"1\" height=\"1\"/>"))
        .detail()).startsWith("is not a valid PNG");
  }

  @Test
  void svgLogo_withoutViewBoxOrSize_isRefused() {
    byte[] svg = "<svg xmlns=\"http://www.w3.org/2000/svg\"><rect width=\"1\" height=\"1\"/></svg>".getBytes(StandardCharsets.UTF_8);
    assertThat(refusal(svg).detail()).isEqualTo("SVG needs a viewBox, or a width and height in px, to be placed");
  }

  @Test
  void svgLogo_widthAndHeightOnly_becomeTheViewBox() {
    byte[] svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"300px\" height=\"100\" x=\"5\"/>".getBytes(StandardCharsets.UTF_8);
    Logo logo = Logo.of(svg, 0.2);
    assertThat(logo.aspectRatio()).isEqualTo(3.0);
    assertThat(logo.svgMarkup()).contains("viewBox=\"0 0 300 100\"").doesNotContain(" width=").doesNotContain(" x=");
  }
}
