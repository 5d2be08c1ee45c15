package dev.waymark.qr;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Base64;
import java.util.Iterator;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * A raster image embedded in an SVG logo as a {@code data:} URI, checked before any renderer
 * decodes it: a PNG reduced to its image chunks with bounded dimensions (as an uploaded PNG logo),
 * or a JPEG whose header declares bounded dimensions.
 *
 * @param uri    the normalised data URI to write
 * @param pixels the declared pixel count, so a logo's images together can be bounded
 */
record EmbeddedImage(String uri, long pixels) {
  private static final Pattern DATA = Pattern.compile(
      "\\s*data:image/(png|jpeg|jpg)\\s*;\\s*base64\\s*,([A-Za-z0-9+/=\\s]*)", Pattern.CASE_INSENSITIVE);

  /** The checked image, or null when {@code href} is not a PNG or JPEG data URI at all. */
  static EmbeddedImage of(String href) {
    Matcher data = DATA.matcher(href);
    if (!data.matches()) {
      return null;
    }
    byte[] bytes;
    try {
      bytes = Base64.getMimeDecoder().decode(data.group(2));
    } catch (IllegalArgumentException e) {
      throw new QrSpecException("logo", "SVG embeds an image whose base64 does not decode");
    }
    if (PngLogo.hasSignature(bytes)) {
      PngLogo png = PngLogo.read(bytes);
      return new EmbeddedImage("data:image/png;base64," + Base64.getEncoder().encodeToString(png.sanitised()),
          (long) png.image().getWidth() * png.image().getHeight());
    }
    if (bytes.length > 2 && (bytes[0] & 0xff) == 0xff && (bytes[1] & 0xff) == 0xd8) {
      long pixels = jpegPixels(bytes);
      return new EmbeddedImage("data:image/jpeg;base64," + Base64.getEncoder().encodeToString(bytes), pixels);
    }
    throw new QrSpecException("logo", "SVG embeds a data:image/" + data.group(1).toLowerCase(Locale.ROOT)
        + " that is neither a PNG nor a JPEG");
  }

  private static long jpegPixels(byte[] jpeg) {
    Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName("jpeg");
    ImageReader reader = readers.next();
    try (MemoryCacheImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(jpeg))) {
      reader.setInput(in, true, true);
      int width = reader.getWidth(0);  // reads the frame header only, no pixels
      int height = reader.getHeight(0);
      if (width > PngLogo.MAX_SIDE || height > PngLogo.MAX_SIDE) {
        throw new QrSpecException("logo", "SVG embeds a JPEG of " + width + "×" + height + " px; at most "
            + PngLogo.MAX_SIDE + "×" + PngLogo.MAX_SIDE + " px are accepted");
      }
      return (long) width * height;
    } catch (IOException | RuntimeException e) {
      if (e instanceof QrSpecException refusal) {
        throw refusal;
      }
      throw new QrSpecException("logo", "SVG embeds a JPEG that cannot be read: " + e.getMessage());
    } finally {
      reader.dispose();
    }
  }
}
