package dev.waymark.qr;

import java.util.Locale;

/** How data modules are drawn; every shape keeps each module's centre dark so decoders sample it. */
public enum ModuleShape {
  SQUARE,
  /** Circles of 0.9 module diameter, one per module. */
  DOTS,
  /** Squares whose outer corners are rounded where both neighbours on that corner are light. */
  ROUNDED;

  /** Accepts square, dots or rounded in any case; anything else is a {@link QrSpecException} on "moduleShape". */
  public static ModuleShape parse(String text) {
    if (text != null) {
      for (ModuleShape shape : values()) {
        if (shape.name().equals(text.trim().toUpperCase(Locale.ROOT))) {
          return shape;
        }
      }
    }
    throw new QrSpecException("moduleShape", "must be one of square, dots, rounded; got " + Quoted.of(text));
  }
}
