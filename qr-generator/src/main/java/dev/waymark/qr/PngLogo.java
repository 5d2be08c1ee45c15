package dev.waymark.qr;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Iterator;
import java.util.Set;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * A PNG logo whose declared dimensions were bounded before any pixel was inflated, reduced to the
 * chunks needed to draw it, and decoded.
 */
record PngLogo(byte[] sanitised, BufferedImage image) {
  /** Larger than any logo needs (a 4096 px code with a 0.5 logo); 2048² ARGB is 16 MiB decoded. */
  static final int MAX_SIDE = 2048;

  private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
  /** Text, profile and EXIF chunks are dropped: they are inflated by the reader (zTXt/iTXt/iCCP bombs) and draw nothing. */
  private static final Set<String> KEPT = Set.of("IHDR", "PLTE", "tRNS", "gAMA", "IDAT", "IEND");

  static boolean hasSignature(byte[] bytes) {
    if (bytes.length < SIGNATURE.length) {
      return false;
    }
    for (int i = 0; i < SIGNATURE.length; i++) {
      if (bytes[i] != SIGNATURE[i]) {
        return false;
      }
    }
    return true;
  }

  static PngLogo read(byte[] png) {
    if (png.length < SIGNATURE.length + 8 + 13 + 4 || !"IHDR".equals(type(png, 12)) || int32(png, 8) != 13) {
      throw new QrSpecException("logo", "is not a valid PNG: it does not start with an IHDR header");
    }
    long width = int32(png, 16) & 0xffffffffL;
    long height = int32(png, 20) & 0xffffffffL;
    if (width == 0 || height == 0) {
      throw new QrSpecException("logo", "PNG declares an empty image (" + width + "×" + height + " px)");
    }
    if (width > MAX_SIDE || height > MAX_SIDE) {
      throw new QrSpecException("logo", "PNG declares " + width + "×" + height + " px; at most "
          + MAX_SIDE + "×" + MAX_SIDE + " px are accepted");
    }
    byte[] sanitised = keepImageChunks(png);
    BufferedImage image = decode(sanitised);
    if (image.getWidth() != width || image.getHeight() != height) {
      throw new QrSpecException("logo", "PNG decodes to a size other than its header declares");
    }
    return new PngLogo(sanitised, image);
  }

  private static byte[] keepImageChunks(byte[] png) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(png.length);
    out.write(png, 0, SIGNATURE.length);
    int at = SIGNATURE.length;
    while (at + 12 <= png.length) {
      long length = int32(png, at) & 0xffffffffL;
      if (length > png.length - at - 12) {
        break;
      }
      String type = type(png, at + 4);
      int chunk = (int) length + 12;
      if (KEPT.contains(type)) {
        out.write(png, at, chunk);
      }
      at += chunk;
      if ("IEND".equals(type)) {
        return out.toByteArray();
      }
    }
    throw new QrSpecException("logo", "is not a valid PNG: truncated or malformed chunk at byte " + at);
  }

  private static BufferedImage decode(byte[] png) {
    Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName("png");
    ImageReader reader = readers.next();
    // An in-memory stream: ImageIO's default may spill to a temp file, which is global state.
    try (MemoryCacheImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(png))) {
      reader.setInput(in, true, false); // metadata kept: tRNS (palette transparency) lives there
      return reader.read(0);
    } catch (IOException | RuntimeException e) {
      throw new QrSpecException("logo", "is not a readable PNG: " + e.getMessage());
    } finally {
      reader.dispose();
    }
  }

  private static int int32(byte[] b, int at) {
    return (b[at] & 0xff) << 24 | (b[at + 1] & 0xff) << 16 | (b[at + 2] & 0xff) << 8 | (b[at + 3] & 0xff);
  }

  private static String type(byte[] b, int at) {
    return new String(b, at, 4, java.nio.charset.StandardCharsets.ISO_8859_1);
  }
}
