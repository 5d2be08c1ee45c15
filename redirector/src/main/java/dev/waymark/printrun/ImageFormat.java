package dev.waymark.printrun;

import java.util.Locale;

/** The image formats a print run can fetch, by the extension of the QR endpoint that serves them. */
enum ImageFormat {
  PNG, SVG;

  final String extension = name().toLowerCase(Locale.ROOT);

  /** Parses {@code png} or {@code svg} in any case; the message lists both. */
  static ImageFormat of(String value) {
    for (ImageFormat f : values()) {
      if (f.extension.equalsIgnoreCase(value.strip())) {
        return f;
      }
    }
    throw new IllegalArgumentException("'" + value + "' is not an image format; use png, svg or png,svg");
  }
}
