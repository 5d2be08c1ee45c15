package dev.waymark.qr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.Color;
import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

/** The served SVG's own markup is what the decode check rasterises: logo, style and all. */
class SvgRasterTest {
  private static final String PAYLOAD = "https://wmk.example/AbC12xY?qr=1";
  private final QrRenderer renderer = new QrRenderer();

  private static Color centre(BufferedImage image) {
    return new Color(image.getRGB(image.getWidth() / 2, image.getHeight() / 2));
  }

  @Test
  void draw_svgLogo_isDrawnFromTheMarkup() {
    String svg = renderer.svg(QrSpec.builder(PAYLOAD).size(320).logo(Logo.of(TestLogos.svg(
        "<rect width=\"10\" height=\"10\" style=\"fill:#e65100\"/>"), 0.2)).build());
    assertThat(centre(SvgRaster.draw(svg, 320))).isEqualTo(new Color(0xe65100));
  }

  @Test
  void draw_pngLogo_embeddedAsDataUri_isDrawn() {
    String svg = renderer.svg(QrSpec.builder(PAYLOAD).size(320).logo(Logo.of(TestLogos.pngBadge(), 0.3)).build());
    Color centre = centre(SvgRaster.draw(svg, 320));
    assertThat(centre.getRed()).as("the orange badge, not the code's black or white").isGreaterThan(200);
    assertThat(centre.getBlue()).isLessThan(100);
  }

  @Test
  void check_styleSheetThatBlanksTheCode_isSeenAndRefused() {
    String svg = renderer.svg(QrSpec.builder(PAYLOAD).size(320).build());
    String blanked = svg.replaceFirst("<rect", "<style>path { fill: #fff }</style><rect");
    Scannability.requireDecodes(PAYLOAD, "SVG", () -> SvgRaster.draw(svg, 320));
    assertThatThrownBy(() -> Scannability.requireDecodes(PAYLOAD, "SVG", () -> SvgRaster.draw(blanked, 320)))
        .isInstanceOf(UnscannableQrException.class)
        .hasMessage("the rendered SVG was refused: ZXing found no QR code in it");
  }

  @Test
  void draw_notSvg_isUnscannableNotACrash() {
    assertThatThrownBy(() -> SvgRaster.draw("<html/>", 100)).isInstanceOf(UnscannableQrException.class);
  }
}
