package dev.waymark.qr;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.util.List;

/**
 * Draws a symbol with antialiased Java2D onto an opaque image of exactly the spec's size, either
 * snapped to whole pixels per module (PNG output) or at the exact fractional scale an SVG viewer
 * would use (to verify SVG output).
 */
final class Raster {
  /** Below two pixels per module, antialiasing smears modules into each other. */
  static final int MIN_MODULE_PX = 2;

  private Raster() {}

  /** Refuses a size that leaves fewer than {@link #MIN_MODULE_PX} pixels per module. */
  static void requireResolution(QrSpec spec, Symbol symbol) {
    int modules = symbol.dimension() + 2 * spec.margin();
    if (spec.size() / modules < MIN_MODULE_PX) {
      throw new QrSpecException("size", spec.size() + " px leaves less than " + MIN_MODULE_PX
          + " px per module for a version-" + symbol.version() + " symbol (" + symbol.dimension()
          + " modules + 2×" + spec.margin() + " quiet zone); at least " + modules * MIN_MODULE_PX + " px are needed");
    }
  }

  /**
   * @param snapToPixels whole pixels per module, extra pixels going to the quiet zone (PNG output);
   *                     otherwise the SVG's fractional scale
   */
  static BufferedImage draw(SymbolDrawing drawing, QrSpec spec, boolean snapToPixels) {
    int n = drawing.symbol().dimension();
    int modules = n + 2 * spec.margin();
    double scale = snapToPixels ? spec.size() / modules : spec.size() / (double) modules;
    double offset = snapToPixels ? Math.floor((spec.size() - scale * n) / 2) : spec.margin() * scale;

    BufferedImage image = new BufferedImage(spec.size(), spec.size(), BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    try {
      g.setColor(spec.bg().awt());
      g.fillRect(0, 0, spec.size(), spec.size());
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
      g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
      g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
      g.translate(offset, offset);
      g.scale(scale, scale);
      g.setColor(spec.fg().awt());
      g.fill(path(drawing.data(), Path2D.WIND_NON_ZERO));
      g.setColor(spec.eyeColor().awt());
      g.fill(path(drawing.eyes(), Path2D.WIND_EVEN_ODD));
      LogoPlacement place = drawing.symbol().logo();
      if (place != null) {
        drawLogo(g, spec, drawing.symbol(), place);
      }
    } finally {
      g.dispose();
    }
    return image;
  }

  private static void drawLogo(Graphics2D g, QrSpec spec, Symbol symbol, LogoPlacement place) {
    Logo logo = spec.logo();
    if (logo.format() == Logo.Format.PNG) {
      BufferedImage img = logo.raster();
      AffineTransform at = AffineTransform.getTranslateInstance(place.logoX(), place.logoY());
      at.scale(place.logoWidth() / img.getWidth(), place.logoHeight() / img.getHeight());
      g.drawImage(img, at, null);
      return;
    }
    // An SVG logo is not rasterised here. To verify SVG output we assume the worst it could draw:
    // every module under it the opposite of what the encoder set, so every codeword it touches is wrong.
    g.setClip(new Rectangle2D.Double(place.logoX(), place.logoY(), place.logoWidth(), place.logoHeight()));
    g.setColor(spec.fg().awt());
    Path2D inverse = new Path2D.Double();
    for (int y = place.clearY(); y < place.clearY() + place.clearHeight(); y++) {
      for (int x = place.clearX(); x < place.clearX() + place.clearWidth(); x++) {
        if (!symbol.isEncodedDark(x, y)) {
          Box.square(x, y, 1, 1).appendTo(inverse);
        }
      }
    }
    g.fill(inverse);
  }

  private static Path2D path(List<Box> boxes, int windingRule) {
    Path2D path = new Path2D.Double(windingRule, boxes.size() * 10);
    for (Box box : boxes) {
      box.appendTo(path);
    }
    return path;
  }
}
