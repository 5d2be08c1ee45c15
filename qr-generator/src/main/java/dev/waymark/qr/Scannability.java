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

  static void requireDecodes(BufferedImage image, String payload, String what) {
    Map<DecodeHintType, Object> hints = new EnumMap<>(DecodeHintType.class);
    hints.put(DecodeHintType.TRY_HARDER, Boolean.TRUE);
    hints.put(DecodeHintType.POSSIBLE_FORMATS, List.of(BarcodeFormat.QR_CODE));
    BinaryBitmap bitmap = new BinaryBitmap(new HybridBinarizer(new BufferedImageLuminanceSource(image)));
    Result result;
    try {
      // A reader per call: ZXing readers keep per-decode state.
      result = new QRCodeReader().decode(bitmap, hints);
    } catch (NotFoundException e) {
      throw new UnscannableQrException("the rendered " + what + " was refused: ZXing found no QR code in it");
    } catch (ChecksumException | FormatException e) {
      throw new UnscannableQrException("the rendered " + what + " was refused: ZXing found a QR code but could not "
          + "correct its errors (" + e.getClass().getSimpleName() + ")");
    }
    if (!payload.equals(result.getText())) {
      throw new UnscannableQrException("the rendered " + what + " was refused: it decodes to "
          + Quoted.of(result.getText()) + ", not the payload");
    }
  }
}
