package dev.waymark.qr;

import java.awt.image.BufferedImage;

/**
 * Renders a {@link QrSpec} as PNG or SVG and returns only output that ZXing has decoded back to
 * the exact payload; stateless, so one instance can serve any number of threads.
 *
 * <p>Refusals: {@link QrSpecException} when an input is at fault (payload too long, logo too large
 * for ECC H, size too small for the symbol, SVG logo in PNG output); {@link UnscannableQrException}
 * when the finished image does not decode.
 */
public final class QrRenderer {

  /** A PNG of {@code spec.size()} px square, whole pixels per module, without print resolution. */
  public byte[] png(QrSpec spec) {
    return png(spec, 0, false);
  }

  /** As {@link #png(QrSpec)}, declaring {@code dpi} (72..2400) in a pHYs chunk so print tools size it right. */
  public byte[] png(QrSpec spec, int dpi) {
    PngEncoding.requireDpi(dpi);
    return png(spec, dpi, true);
  }

  /**
   * A standalone SVG document, width and height {@code spec.size()}, viewBox in modules. The
   * markup itself, logo included, is rasterised by an SVG renderer and decoded, so what is
   * checked is what is served. With a logo, the same geometry drawn with the logo replaced by the
   * worst it could do (every module under it inverted) must decode too, so the code scans in any
   * renderer, however it draws the logo.
   */
  public String svg(QrSpec spec) {
    SymbolDrawing drawing = drawing(spec);
    String svg = SvgDocument.write(drawing, spec);
    // ZXing's finder-pattern detector misses a few clean symbols at fractional scales that other
    // decoders read (e.g. ECC H at 512 px, which zbar decodes from rsvg's rendering): the same
    // drawing at whole pixels per module is then the second opinion. A symbol that is found but
    // does not read right is refused either way.
    if (spec.logo() != null) {
      Scannability.requireDecodes(spec.payload(), "SVG",
          () -> Raster.draw(drawing, spec, false), () -> Raster.draw(drawing, spec, true));
    }
    int modules = drawing.symbol().dimension() + 2 * spec.margin();
    Scannability.requireDecodes(spec.payload(), "SVG (as drawn from its markup)",
        () -> SvgRaster.draw(svg, spec.size()), () -> SvgRaster.draw(svg, spec.size() / modules * modules));
    return svg;
  }

  private byte[] png(QrSpec spec, int dpi, boolean withDpi) {
    if (spec.logo() != null && spec.logo().format() == Logo.Format.SVG) {
      throw new QrSpecException("logo", "an SVG logo can be embedded in SVG output only; upload a PNG logo for PNG output");
    }
    BufferedImage image = Raster.draw(drawing(spec), spec, true);
    byte[] png = PngEncoding.encode(image, withDpi ? dpi : 0);
    // Decode the bytes, not the image in memory: what is checked is exactly what is served.
    Scannability.requireDecodes(spec.payload(), "PNG", () -> PngEncoding.decode(png));
    return png;
  }

  private static SymbolDrawing drawing(QrSpec spec) {
    Symbol symbol = Symbol.encode(spec);
    Raster.requireResolution(spec, symbol);
    return SymbolDrawing.of(symbol, spec);
  }
}
