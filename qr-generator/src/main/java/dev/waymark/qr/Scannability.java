package dev.waymark.qr;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.BinaryBitmap;
import com.google.zxing.ChecksumException;
import com.google.zxing.DecodeHintType;
import com.google.zxing.FormatException;
import com.google.zxing.NotFoundException;
import com.google.zxing.Result;
import com.google.zxing.client.j2se.BufferedImageLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import java.awt.image.BufferedImage;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Decodes a rendered image with ZXing as a phone would (no pure-barcode shortcut, try harder) and
 * lets it through only if it yields exactly the payload.
 */
final class Scannability {
  private Scannability() {}

  /**
   * Lets the output through if ZXing decodes the first of {@code renderings} in which it finds a
   * symbol to exactly the payload. A symbol found but unreadable, or read as anything else, is
   * refused at once; the next rendering is drawn and tried only when ZXing found no symbol at all.
   */
  static void requireDecodes(String payload, String what, Rendering... renderings) {
    Map<DecodeHintType, Object> hints = new EnumMap<>(DecodeHintType.class);
    hints.put(DecodeHintType.TRY_HARDER, Boolean.TRUE);
    hints.put(DecodeHintType.POSSIBLE_FORMATS, List.of(BarcodeFormat.QR_CODE));
    Result result = null;
    for (Rendering rendering : renderings) {
      BinaryBitmap bitmap = new BinaryBitmap(new HybridBinarizer(new BufferedImageLuminanceSource(rendering.draw())));
      try {
        // A reader per call: ZXing readers keep per-decode state.
        result = new QRCodeReader().decode(bitmap, hints);
        break;
      } catch (NotFoundException e) {
        // try the next rendering
      } catch (ChecksumException | FormatException e) {
        throw new UnscannableQrException("the rendered " + what + " was refused: ZXing found a QR code but could not "
            + "correct its errors (" + e.getClass().getSimpleName() + ")");
      }
    }
    if (result == null) {
      throw new UnscannableQrException("the rendered " + what + " was refused: ZXing found no QR code in it");
    }
    if (!payload.equals(result.getText())) {
      throw new UnscannableQrException("the rendered " + what + " was refused: it decodes to "
          + Quoted.of(result.getText()) + ", not the payload");
    }
  }

  /** One way to draw the output for the check, drawn only when it is needed. */
  @FunctionalInterface
  interface Rendering {
    BufferedImage draw();
  }
}
