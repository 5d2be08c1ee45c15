package dev.waymark;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.LuminanceSource;
import com.google.zxing.ReaderException;
import com.google.zxing.client.j2se.BufferedImageLuminanceSource;
import com.google.zxing.common.GlobalHistogramBinarizer;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import java.io.ByteArrayInputStream;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * Reads a served QR image with ZXing the way the server's scannability check does: the phone-like
 * reading first, then the global-histogram and pure-barcode readings on the same pixels. A single
 * reading misplaces its grid on about 1 clean symbol in 150 (zbar reads those), so an IT that used
 * only the first one failed now and then on codes the server rightly served.
 */
final class QrImages {

  private QrImages() {}

  static String decode(byte[] png) throws Exception {
    LuminanceSource pixels = new BufferedImageLuminanceSource(ImageIO.read(new ByteArrayInputStream(png)));
    List<BinaryBitmap> readings = List.of(
        new BinaryBitmap(new HybridBinarizer(pixels)),
        new BinaryBitmap(new GlobalHistogramBinarizer(pixels)),
        new BinaryBitmap(new HybridBinarizer(pixels)));
    ReaderException first = null;
    for (int i = 0; i < readings.size(); i++) {
      Map<DecodeHintType, Object> hints = new EnumMap<>(DecodeHintType.class);
      hints.put(DecodeHintType.TRY_HARDER, Boolean.TRUE);
      hints.put(DecodeHintType.POSSIBLE_FORMATS, List.of(BarcodeFormat.QR_CODE));
      if (i == readings.size() - 1) {
        hints.put(DecodeHintType.PURE_BARCODE, Boolean.TRUE); // the last reading: the pure-barcode one
      }
      try {
        return new QRCodeReader().decode(readings.get(i), hints).getText();
      } catch (ReaderException e) {
        first = first == null ? e : first;
      }
    }
    throw first;
  }
}
