package dev.waymark.qr;

import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.qrcode.encoder.ByteMatrix;
import com.google.zxing.qrcode.encoder.Encoder;
import com.google.zxing.qrcode.encoder.QRCode;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.Map;

/**
 * The module grid ZXing's encoder produced for a spec, with the logo's clear area already emptied;
 * when a logo would touch the finder bands, the smallest larger version where it does not is used.
 */
record Symbol(boolean[] encoded, int dimension, int version, LogoPlacement logo) {
  private static final int MAX_VERSION = 40;

  static Symbol encode(QrSpec spec) {
    QRCode code = encode(spec, 0);
    LogoPlacement placement = null;
    if (spec.logo() != null) {
      int natural = code.getVersion().getVersionNumber();
      double size = spec.logo().relativeSize();
      double aspect = spec.logo().aspectRatio();
      int version = firstClearVersion(size, aspect, natural);
      placement = LogoPlacement.place(size, aspect, dimension(version));
      if (!placement.absorbable(dimension(version))) {
        throw placement.tooLarge(size, dimension(version), version, largestAbsorbable(size, aspect, natural));
      }
      if (version != natural) {
        code = encode(spec, version);
      }
    }
    ByteMatrix matrix = code.getMatrix();
    int n = matrix.getWidth();
    boolean[] encoded = new boolean[n * n];
    for (int y = 0; y < n; y++) {
      for (int x = 0; x < n; x++) {
        encoded[y * n + x] = matrix.get(x, y) == 1;
      }
    }
    return new Symbol(encoded, n, code.getVersion().getVersionNumber(), placement);
  }

  /** Dark once the logo's clear area is emptied; false outside the grid. */
  boolean isDark(int x, int y) {
    return isEncodedDark(x, y) && (logo == null || !logo.clears(x, y));
  }

  /** Dark as the encoder set it, logo ignored; false outside the grid. */
  boolean isEncodedDark(int x, int y) {
    return x >= 0 && y >= 0 && x < dimension && y < dimension && encoded[y * dimension + x];
  }

  /** True inside one of the three 7×7 finder patterns, which are drawn as eyes, not as modules. */
  boolean inFinder(int x, int y) {
    int far = dimension - 7;
    return (x < 7 && y < 7) || (x >= far && y < 7) || (x < 7 && y >= far);
  }

  /** The smallest version from {@code natural} on whose logo box keeps off the finder bands. */
  private static int firstClearVersion(double size, double aspect, int natural) {
    int version = natural;
    while (version < MAX_VERSION && !LogoPlacement.place(size, aspect, dimension(version)).clearOfFunctionPatterns()) {
      version++;
    }
    return version;
  }

  /** The largest relative size, in hundredths below {@code size}, that the same payload could carry. */
  private static double largestAbsorbable(double size, double aspect, int natural) {
    for (int hundredths = (int) Math.ceil(size * 100) - 1; hundredths > Logo.MIN_RELATIVE_SIZE * 100; hundredths--) {
      double candidate = hundredths / 100.0;
      int dimension = dimension(firstClearVersion(candidate, aspect, natural));
      if (LogoPlacement.place(candidate, aspect, dimension).absorbable(dimension)) {
        return candidate;
      }
    }
    return Logo.MIN_RELATIVE_SIZE;
  }

  private static int dimension(int version) {
    return 17 + 4 * version;
  }

  private static QRCode encode(QrSpec spec, int version) {
    Map<EncodeHintType, Object> hints = new EnumMap<>(EncodeHintType.class);
    boolean ascii = StandardCharsets.US_ASCII.newEncoder().canEncode(spec.payload());
    if (!ascii) {
      // Without an ECI, decoders guess the byte encoding; with UTF-8 declared they do not have to.
      hints.put(EncodeHintType.CHARACTER_SET, StandardCharsets.UTF_8.name());
    }
    if (version > 0) {
      hints.put(EncodeHintType.QR_VERSION, version);
    }
    try {
      return Encoder.encode(spec.payload(), spec.ecc().zxing(), hints);
    } catch (WriterException e) {
      int bytes = spec.payload().getBytes(StandardCharsets.UTF_8).length;
      String detail = version > 0
          ? "does not fit the version-" + version + " symbol the logo needs at ECC H (" + bytes
              + " bytes); shorten the payload or use a smaller logo"
          : "is " + bytes + " bytes and does not fit a QR code at ECC " + spec.ecc()
              + " (at most " + maxBytes(spec.ecc()) + " bytes of text); shorten it or lower the ECC level"
              + (spec.logo() != null ? " (a logo forces ECC H)" : "");
      throw new QrSpecException("payload", detail);
    }
  }

  /** Byte-mode capacity of a version-40 symbol (ISO/IEC 18004 table 7). */
  private static int maxBytes(Ecc ecc) {
    switch (ecc) {
      case L: return 2953;
      case M: return 2331;
      case Q: return 1663;
      default: return 1273;
    }
  }
}
