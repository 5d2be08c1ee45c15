package dev.waymark.qr;

import com.google.zxing.Binarizer;
import com.google.zxing.BarcodeFormat;
import com.google.zxing.BinaryBitmap;
import com.google.zxing.ChecksumException;
import com.google.zxing.DecodeHintType;
import com.google.zxing.FormatException;
import com.google.zxing.LuminanceSource;
import com.google.zxing.NotFoundException;
import com.google.zxing.ReaderException;
import com.google.zxing.Result;
import com.google.zxing.client.j2se.BufferedImageLuminanceSource;
import com.google.zxing.common.GlobalHistogramBinarizer;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import java.awt.image.BufferedImage;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Decodes a rendered image with ZXing and lets it through only if it yields exactly the payload.
 *
 * <p>The first reading is the one a phone app makes (hybrid binarizer, try harder, no shortcut).
 * On perfectly clean synthetic images ZXing's detector now and then misplaces its sampling grid
 * by a fraction of a module — about 1 in 150 short URLs, which zbar and phones read without
 * trouble — so when that reading fails, two more are tried on the same pixels: the global
 * histogram binarizer, and ZXing's pure-barcode mode, which samples the grid straight from the
 * image's own geometry. Each of them still has to read every codeword through the error
 * correction, so low contrast or a logo that hides too much are caught by all three; an image
 * that reads as anything but the payload is refused at once.
 */
final class Scannability {

  /** The readings tried on each rendering, in order; the first is the one that names a failure. */
  private static final List<Reading> READINGS = List.of(
      new Reading(HybridBinarizer::new, false),
      new Reading(GlobalHistogramBinarizer::new, false),
      new Reading(HybridBinarizer::new, true));

  private Scannability() {}

  /**
   * Lets the output through if one reading of one of {@code renderings} (tried in order, each
   * drawn only when needed) yields exactly the payload; throws {@link UnscannableQrException}
   * with the first failure's reason otherwise.
   */
  static void requireDecodes(String payload, String what, Rendering... renderings) {
    ReaderException first = null;
    for (Rendering rendering : renderings) {
      LuminanceSource pixels = new BufferedImageLuminanceSource(rendering.draw());
      for (Reading reading : READINGS) {
        Result result;
        try {
          result = reading.decode(pixels);
        } catch (NotFoundException | ChecksumException | FormatException e) {
          first = first == null ? e : first;
          continue;
        }
        if (!payload.equals(result.getText())) {
          throw new UnscannableQrException("the rendered " + what + " was refused: it decodes to "
              + Quoted.of(result.getText()) + ", not the payload");
        }
        return;
      }
    }
    if (first instanceof NotFoundException || first == null) {
      throw new UnscannableQrException("the rendered " + what + " was refused: ZXing found no QR code in it");
    }
    throw new UnscannableQrException("the rendered " + what + " was refused: ZXing found a QR code but could not "
        + "correct its errors (" + first.getClass().getSimpleName() + ")");
  }

  /** One way to draw the output for the check, drawn only when it is needed. */
  @FunctionalInterface
  interface Rendering {
    BufferedImage draw();
  }

  /** A binarizer and whether to read the grid straight from the image's geometry. */
  private record Reading(Function<LuminanceSource, Binarizer> binarizer, boolean pure) {

    Result decode(LuminanceSource pixels) throws NotFoundException, ChecksumException, FormatException {
      Map<DecodeHintType, Object> hints = new EnumMap<>(DecodeHintType.class);
      hints.put(DecodeHintType.TRY_HARDER, Boolean.TRUE);
      hints.put(DecodeHintType.POSSIBLE_FORMATS, List.of(BarcodeFormat.QR_CODE));
      if (pure) {
        hints.put(DecodeHintType.PURE_BARCODE, Boolean.TRUE);
      }
      // A reader per call: ZXing readers keep per-decode state.
      return new QRCodeReader().decode(new BinaryBitmap(binarizer.apply(pixels)), hints);
    }
  }
}
