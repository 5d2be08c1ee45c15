package dev.waymark.printrun;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * {@code manifest.csv} of a print run: one line per row in the order of the input, with the
 * touchpoint's code and short URL and the ZIP entry of each image, ready for a mail merge or the
 * print shop. UTF-8 with a byte-order mark, so spreadsheets open names with accents correctly.
 */
final class Manifest {

  static final String NAME = "manifest.csv";
  private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

  private Manifest() {}

  /** The file name of a row's image in the ZIP: sorts in input order, and names the code it holds. */
  static String fileName(TouchpointRow row, String code, ImageFormat format) {
    return String.format("%06d-%s.%s", row.row(), code, format.extension);
  }

  static byte[] write(List<RowResult> results, List<ImageFormat> formats) throws IOException {
    List<String> header = new ArrayList<>(List.of("row", "key", "name", "code", "short_url"));
    formats.forEach(f -> header.add(f.extension));
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    bytes.write(BOM);
    try (Writer writer = new OutputStreamWriter(bytes, StandardCharsets.UTF_8);
        CSVPrinter csv = CSVFormat.RFC4180.builder().setHeader(header.toArray(String[]::new)).get().print(writer)) {
      for (RowResult r : results) {
        List<Object> values = new ArrayList<>(List.of(r.row().row(), r.row().key(), r.row().name(),
            r.touchpoint().code(), r.touchpoint().shortUrl()));
        formats.forEach(f -> values.add(r.files().get(f)));
        csv.printRecord(values);
      }
    }
    return bytes.toByteArray();
  }
}
