package dev.waymark.qr;

import java.awt.Color;
import java.util.Locale;
import java.util.regex.Pattern;

/** An opaque sRGB colour with the WCAG 2 relative luminance and contrast ratio used to refuse unreadable pairs. */
public record Rgb(int red, int green, int blue) {
  public static final Rgb BLACK = new Rgb(0, 0, 0);
  public static final Rgb WHITE = new Rgb(255, 255, 255);

  private static final Pattern HEX = Pattern.compile("#?([0-9a-fA-F]{6}|[0-9a-fA-F]{3})");

  public Rgb {
    if ((red | green | blue) < 0 || red > 255 || green > 255 || blue > 255) {
      throw new IllegalArgumentException("channels must be 0..255: " + red + "," + green + "," + blue);
    }
  }

  /**
   * Parses #RRGGBB or #RGB; the '#' may be left out because it has to be escaped in a query
   * string. A malformed value is a {@link QrSpecException} naming {@code field}.
   */
  public static Rgb parse(String field, String text) {
    if (text == null || !HEX.matcher(text.trim()).matches()) {
      throw new QrSpecException(field, "must be a colour #RRGGBB or #RGB; got " + Quoted.of(text));
    }
    String hex = text.trim();
    hex = hex.startsWith("#") ? hex.substring(1) : hex;
    if (hex.length() == 3) {
      hex = "" + hex.charAt(0) + hex.charAt(0) + hex.charAt(1) + hex.charAt(1) + hex.charAt(2) + hex.charAt(2);
    }
    int rgb = Integer.parseInt(hex, 16);
    return new Rgb(rgb >> 16 & 0xff, rgb >> 8 & 0xff, rgb & 0xff);
  }

  /** Lower-case #rrggbb. */
  public String hex() {
    return String.format(Locale.ROOT, "#%02x%02x%02x", red, green, blue);
  }

  /** WCAG 2 relative luminance, 0 for black to 1 for white. */
  public double relativeLuminance() {
    return 0.2126 * linear(red) + 0.7152 * linear(green) + 0.0722 * linear(blue);
  }

  /** WCAG 2 contrast ratio, 1 (same luminance) to 21 (black on white); symmetric. */
  public double contrastRatio(Rgb other) {
    double a = relativeLuminance();
    double b = other.relativeLuminance();
    return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
  }

  Color awt() {
    return new Color(red, green, blue);
  }

  private static double linear(int channel) {
    double c = channel / 255.0;
    return c <= 0.04045 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
  }
}
