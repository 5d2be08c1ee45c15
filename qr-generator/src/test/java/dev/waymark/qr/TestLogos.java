package dev.waymark.qr;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;

/** Logo uploads for tests: real ones drawn here, hostile ones crafted byte by byte. */
final class TestLogos {
  private TestLogos() {}

  /** A 2:1 orange badge with a transparent background, like a typical wordmark. */
  static byte[] pngBadge() {
    BufferedImage image = new BufferedImage(200, 100, BufferedImage.TYPE_INT_ARGB);
    Graphics2D g = image.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setColor(new Color(0xE65100));
    g.fillRoundRect(0, 0, 200, 100, 40, 40);
    g.setColor(Color.WHITE);
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 56));
    g.drawString("WMK", 38, 70);
    g.dispose();
    return png(image);
  }

  static byte[] svgBadge() {
    return ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        + "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"100\" height=\"100\" viewBox=\"0 0 100 100\">"
        + "<defs><linearGradient id=\"g\"><stop offset=\"0\" stop-color=\"#c62828\"/>"
        + "<stop offset=\"1\" stop-color=\"#6a1b9a\"/></linearGradient></defs>"
        + "<circle cx=\"50\" cy=\"50\" r=\"48\" fill=\"url(#g)\"/>"
        + "<path d=\"M25 30h50v12H56v32H44V42H25z\" fill=\"#fff\"/></svg>").getBytes(StandardCharsets.UTF_8);
  }

  static byte[] svg(String body) {
    return ("<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\" "
        + "viewBox=\"0 0 10 10\">" + body + "</svg>").getBytes(StandardCharsets.UTF_8);
  }

  static byte[] png(BufferedImage image) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ImageIO.write(image, "png", out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** A 57-byte PNG whose header claims width × height pixels, with an empty IDAT and an IEND. */
  static byte[] pngHeaderClaiming(int width, int height) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
    byte[] ihdr = new byte[13];
    putInt(ihdr, 0, width);
    putInt(ihdr, 4, height);
    ihdr[8] = 8; // bit depth
    ihdr[9] = 6; // RGBA
    chunk(out, "IHDR", ihdr);
    chunk(out, "IDAT", new byte[0]);
    chunk(out, "IEND", new byte[0]);
    return out.toByteArray();
  }

  /** Inserts an ancillary chunk right after IHDR (33 bytes in). */
  static byte[] withChunkAfterHeader(byte[] png, String type, byte[] data) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(png, 0, 33);
    chunk(out, type, data);
    out.write(png, 33, png.length - 33);
    return out.toByteArray();
  }

  private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
    byte[] length = new byte[4];
    putInt(length, 0, data.length);
    out.writeBytes(length);
    byte[] typeBytes = type.getBytes(StandardCharsets.ISO_8859_1);
    out.writeBytes(typeBytes);
    out.writeBytes(data);
    CRC32 crc = new CRC32();
    crc.update(typeBytes);
    crc.update(data);
    byte[] crcBytes = new byte[4];
    putInt(crcBytes, 0, (int) crc.getValue());
    out.writeBytes(crcBytes);
  }

  private static void putInt(byte[] b, int at, int v) {
    b[at] = (byte) (v >>> 24);
    b[at + 1] = (byte) (v >>> 16);
    b[at + 2] = (byte) (v >>> 8);
    b[at + 3] = (byte) v;
  }
}
