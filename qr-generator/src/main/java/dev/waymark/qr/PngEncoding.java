package dev.waymark.qr;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOInvalidTreeException;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.MemoryCacheImageInputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Encodes and decodes PNG entirely in memory (never ImageIO's temp-file cache), writing the print
 * resolution as a pHYs chunk when one is asked for.
 */
final class PngEncoding {
  static final int MIN_DPI = 72;
  static final int MAX_DPI = 2400;
  private static final String FORMAT = "javax_imageio_png_1.0";
  private static final double INCHES_PER_METRE = 1 / 0.0254;

  private PngEncoding() {}

  static void requireDpi(int dpi) {
    if (dpi < MIN_DPI || dpi > MAX_DPI) {
      throw new QrSpecException("dpi", "must be " + MIN_DPI + ".." + MAX_DPI + "; got " + dpi);
    }
  }

  /** @param dpi print resolution for the pHYs chunk, or 0 for none */
  static byte[] encode(BufferedImage image, int dpi) {
    ImageWriter writer = ImageIO.getImageWritersByFormatName("png").next();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(image.getWidth() * image.getHeight() / 8);
    try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
      ImageWriteParam param = writer.getDefaultWriteParam();
      IIOMetadata metadata = writer.getDefaultImageMetadata(ImageTypeSpecifier.createFromRenderedImage(image), param);
      if (dpi > 0) {
        metadata.mergeTree(FORMAT, physicalResolution(dpi));
      }
      writer.setOutput(out);
      writer.write(null, new IIOImage(image, null, metadata), param);
    } catch (IOException e) {
      throw new UncheckedIOException("PNG encoding in memory failed", e);
    } finally {
      writer.dispose();
    }
    return bytes.toByteArray();
  }

  static BufferedImage decode(byte[] png) {
    ImageReader reader = ImageIO.getImageReadersByFormatName("png").next();
    try (MemoryCacheImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(png))) {
      reader.setInput(in, true, true);
      return reader.read(0);
    } catch (IOException e) {
      throw new UncheckedIOException("PNG we wrote could not be read back", e);
    } finally {
      reader.dispose();
    }
  }

  private static IIOMetadataNode physicalResolution(int dpi) throws IIOInvalidTreeException {
    String perMetre = Long.toString(Math.round(dpi * INCHES_PER_METRE));
    IIOMetadataNode phys = new IIOMetadataNode("pHYs");
    phys.setAttribute("pixelsPerUnitXAxis", perMetre);
    phys.setAttribute("pixelsPerUnitYAxis", perMetre);
    phys.setAttribute("unitSpecifier", "meter");
    IIOMetadataNode root = new IIOMetadataNode(FORMAT);
    root.appendChild(phys);
    return root;
  }
}
