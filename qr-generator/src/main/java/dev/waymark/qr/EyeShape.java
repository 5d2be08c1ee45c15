package dev.waymark.qr;

import java.util.Locale;

/**
 * How the three finder patterns ("eyes") are drawn; every shape keeps the 1:1:3:1:1 ratio along
 * any line through the eye's centre, which is what finder-pattern detection measures.
 */
public enum EyeShape {
  SQUARE,
  ROUNDED,
  CIRCLE;

  /** Accepts square, rounded or circle in any case; anything else is a {@link QrSpecException} on "eyeShape". */
  public static EyeShape parse(String text) {
    if (text != null) {
      for (EyeShape shape : values()) {
        if (shape.name().equals(text.trim().toUpperCase(Locale.ROOT))) {
          return shape;
        }
      }
    }
    throw new QrSpecException("eyeShape", "must be one of square, rounded, circle; got " + Quoted.of(text));
  }
}
