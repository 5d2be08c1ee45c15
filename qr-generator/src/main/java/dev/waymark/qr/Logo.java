package dev.waymark.qr;

import java.awt.image.BufferedImage;
import java.util.Arrays;
import java.util.Locale;

/**
 * A logo that has passed the safety checks: a PNG of bounded dimensions stripped to its image
 * chunks, or an SVG rebuilt from an allow-list ({@link SvgLogo}) that cannot run code, fetch
 * anything, or restyle the code it sits in.
 *
 * <p>A class rather than a record because it keeps what the checks produced (decoded raster,
 * sanitised markup), so the costly and security-relevant parsing happens once, at the boundary.
 */
public final class Logo {
  /** Uploads above this size are refused before any parsing. */
  public static final int MAX_BYTES = 1 << 20;
  /** Bounds for {@link #relativeSize()}; the ECC limit in {@link LogoPlacement} is usually the tighter one. */
  public static final double MIN_RELATIVE_SIZE = 0.05;
  public static final double MAX_RELATIVE_SIZE = 0.5;

  /** The two accepted image formats. */
  public enum Format { PNG, SVG }

  private final Format format;
  private final byte[] content;
  private final double width;
  private final double height;
  private final double relativeSize;
  private final BufferedImage raster;
  private final String svgMarkup;

  private Logo(Format format, byte[] content, double width, double height, double relativeSize,
      BufferedImage raster, String svgMarkup) {
    this.format = format;
    this.content = content;
    this.width = width;
    this.height = height;
    this.relativeSize = relativeSize;
    this.raster = raster;
    this.svgMarkup = svgMarkup;
  }

  /**
   * Checks and keeps an uploaded PNG or SVG logo.
   *
   * @param bytes        the upload
   * @param relativeSize the logo's longer side as a fraction of the symbol's width (quiet zone excluded)
   * @throws QrSpecException on "logo" for unsafe or unreadable images, on "logoSize" for a size out of range
   */
  public static Logo of(byte[] bytes, double relativeSize) {
    if (!(relativeSize >= MIN_RELATIVE_SIZE && relativeSize <= MAX_RELATIVE_SIZE)) {
      throw new QrSpecException("logoSize", String.format(Locale.ROOT,
          "must be %.2f..%.2f of the symbol width; got %s", MIN_RELATIVE_SIZE, MAX_RELATIVE_SIZE, relativeSize));
    }
    if (bytes == null || bytes.length == 0) {
      throw new QrSpecException("logo", "is empty");
    }
    if (bytes.length > MAX_BYTES) {
      throw new QrSpecException("logo", "is " + bytes.length + " bytes; at most " + MAX_BYTES + " are accepted");
    }
    if (PngLogo.hasSignature(bytes)) {
      PngLogo png = PngLogo.read(bytes);
      return new Logo(Format.PNG, png.sanitised(), png.image().getWidth(), png.image().getHeight(),
          relativeSize, png.image(), null);
    }
    if (SvgLogo.looksLikeXml(bytes)) {
      SvgLogo svg = SvgLogo.read(bytes);
      return new Logo(Format.SVG, svg.markup().getBytes(java.nio.charset.StandardCharsets.UTF_8),
          svg.width(), svg.height(), relativeSize, null, svg.markup());
    }
    throw new QrSpecException("logo", "is neither a PNG nor an SVG image");
  }

  public Format format() {
    return format;
  }

  public double relativeSize() {
    return relativeSize;
  }

  /** Intrinsic width over height (pixels for PNG, viewBox units for SVG). */
  public double aspectRatio() {
    return width / height;
  }

  /** The checked bytes: the PNG reduced to its image chunks, or the sanitised SVG markup in UTF-8. */
  public byte[] content() {
    return content.clone();
  }

  BufferedImage raster() {
    return raster;
  }

  /** The rebuilt root {@code <svg>} element without position or size attributes, viewBox set, ids prefixed. */
  String svgMarkup() {
    return svgMarkup;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Logo other && format == other.format && relativeSize == other.relativeSize
        && Arrays.equals(content, other.content);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * format.hashCode() + Double.hashCode(relativeSize)) + Arrays.hashCode(content);
  }

  @Override
  public String toString() {
    return "Logo[" + format + ", " + content.length + " bytes, " + width + "x" + height + ", size " + relativeSize + "]";
  }
}
