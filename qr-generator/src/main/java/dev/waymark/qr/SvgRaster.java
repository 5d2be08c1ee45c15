package dev.waymark.qr;

import com.github.weisj.jsvg.SVGDocument;
import com.github.weisj.jsvg.parser.DocumentLimits;
import com.github.weisj.jsvg.parser.LoaderContext;
import com.github.weisj.jsvg.parser.SVGLoader;
import com.github.weisj.jsvg.parser.resources.ResourcePolicy;
import com.github.weisj.jsvg.view.ViewBox;
import java.awt.Color;
import java.awt.Component;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * Rasterises a finished SVG document from its markup, as an SVG viewer would (jsvg: a pure-Java
 * renderer with its own CSS, use, clip and mask handling), so the decode check sees exactly what
 * is served, logo included; nothing outside the document is ever loaded.
 */
final class SvgRaster {
  private static final URI BASE = URI.create("about:blank");

  private SvgRaster() {}

  /** The document drawn into {@code pixels} × {@code pixels} on white; an unrenderable document is unscannable. */
  static BufferedImage draw(String svg, int pixels) {
    LoaderContext context = LoaderContext.builder()
        .externalResourcePolicy(ResourcePolicy.DENY_EXTERNAL)
        .documentLimits(DocumentLimits.DEFAULT)
        .build();
    SVGDocument document;
    try {
      document = new SVGLoader().load(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)), BASE, context);
    } catch (RuntimeException e) {
      document = null;
    }
    if (document == null) {
      throw new UnscannableQrException("the rendered SVG was refused: an SVG renderer could not read it");
    }
    BufferedImage image = new BufferedImage(pixels, pixels, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    try {
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, pixels, pixels);
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
      g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
      document.render((Component) null, g, new ViewBox(0, 0, pixels, pixels));
    } catch (RuntimeException e) {
      throw new UnscannableQrException("the rendered SVG was refused: an SVG renderer failed to draw it ("
          + e.getClass().getSimpleName() + ")");
    } finally {
      g.dispose();
    }
    return image;
  }
}
