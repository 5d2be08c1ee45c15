package dev.waymark.brand;

import dev.waymark.qr.Logo;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;

/** Brands and logo uploads for tests: real images drawn here, hostile ones crafted byte by byte. */
public final class BrandFixtures {

  public static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");

  private BrandFixtures() {}

  /** A brand with every default. */
  public static Brand plain(String name) {
    return new Brand(name, "#000000", "#ffffff", null, "square", "square", "M", 512, 4, Brand.DEFAULT_LOGO_SIZE, null,
        T0, T0);
  }

  /** A brand with a value set for every field. */
  public static Brand acme(String name) {
    return new Brand(name, "#1a237e", "#fffde7", "#b71c1c", "dots", "rounded", "Q", 400, 3, 0.18, null,
        T0, T0.plusMillis(1));
  }

  /** The description of {@code image} as a checked logo, for stores that are not given a route. */
  public static BrandLogo logoOf(byte[] image) {
    return BrandLogo.of(Logo.of(image, 0.2));
  }

  /** A 2:1 orange badge with a transparent background, like a typical wordmark. */
  public static byte[] pngLogo() {
    BufferedImage image = new BufferedImage(200, 100, BufferedImage.TYPE_INT_ARGB);
    Graphics2D g = image.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setColor(new Color(0xE65100));
    g.fillRoundRect(0, 0, 200, 100, 40, 40);
    g.setColor(Color.WHITE);
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 56));
    g.drawString("WMK", 38, 70);
    g.dispose();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ImageIO.write(image, "png", out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return Logo.of(out.toByteArray(), 0.2).content(); // as stored: reduced to its image chunks
  }

  /** A round red badge as stored: the sanitised markup. */
  public static byte[] svgLogo() {
    return Logo.of(svg("<circle cx=\"50\" cy=\"50\" r=\"48\" fill=\"#c62828\"/><path d=\"M25 30h50v12H56v32H44V42H25z\" fill=\"#fff\"/>"), 0.2).content();
  }

  /** An SVG document (viewBox 0 0 100 100) around {@code body}. */
  public static byte[] svg(String body) {
    return ("<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\" "
        + "viewBox=\"0 0 100 100\">" + body + "</svg>").getBytes(StandardCharsets.UTF_8);
  }

  /** A 57-byte PNG whose header claims width × height pixels: a decompression bomb's calling card. */
  public static byte[] pngHeaderClaiming(int width, int height) {
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
