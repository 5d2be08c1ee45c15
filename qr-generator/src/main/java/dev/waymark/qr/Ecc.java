package dev.waymark.qr;

import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import java.util.Locale;

/** The four QR error-correction levels, parsed strictly from their one-letter names. */
public enum Ecc {
  L(ErrorCorrectionLevel.L),
  M(ErrorCorrectionLevel.M),
  Q(ErrorCorrectionLevel.Q),
  H(ErrorCorrectionLevel.H);

  private final ErrorCorrectionLevel zxing;

  Ecc(ErrorCorrectionLevel zxing) {
    this.zxing = zxing;
  }

  ErrorCorrectionLevel zxing() {
    return zxing;
  }

  /** Accepts L, M, Q or H in either case; anything else is a {@link QrSpecException} on "ecc". */
  public static Ecc parse(String text) {
    if (text != null) {
      switch (text.trim().toUpperCase(Locale.ROOT)) {
        case "L": return L;
        case "M": return M;
        case "Q": return Q;
        case "H": return H;
        default: break;
      }
    }
    throw new QrSpecException("ecc", "must be one of L, M, Q, H; got " + Quoted.of(text));
  }
}
