package dev.waymark.printrun;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Reads the CSV of a print run as a stream (RFC 4180 through Commons CSV, strict UTF-8 with or
 * without a byte-order mark): a header row, then at most {@value #MAX_ROWS} data rows; blank lines
 * are skipped, quoted values may hold commas, quotes and line breaks. Every problem is reported with
 * the line its row starts on.
 */
final class TouchpointCsv {

  static final int MAX_ROWS = 100_000;

  private static final CSVFormat FORMAT = CSVFormat.RFC4180.builder()
      // Blank lines come through as records so that every line is counted: that is what keeps the
      // line numbers in messages right. They are skipped below.
      .setIgnoreEmptyLines(false)
      .get();

  /** Commons CSV starts some messages with the line; ours name it already. */
  private static final Pattern STARTLINE = Pattern.compile("^\\(startline \\d+\\) ");

  private TouchpointCsv() {}

  /**
   * Checks the whole file without sending anything: every row against the API's rules, and no two
   * rows with the same key (which would be one touchpoint). Returns the number of data rows.
   */
  static int check(Path file, CsvProblems problems) throws IOException {
    Map<String, Long> keys = new HashMap<>();
    int rows = read(file, problems, row -> {
      Long first = keys.putIfAbsent(row.key(), row.line());
      if (first != null) {
        problems.add(row.line(), (row.keyFromName() ? "name '" + row.key() + "' is also the name of line " + first
            + "; rows are told apart by name unless they have a key column, so add one"
            : "key '" + row.key() + "' is also the key of line " + first) + " (each key is one touchpoint)");
      }
    });
    if (rows == 0 && problems.isEmpty()) {
      problems.add(1, "has a header but no data rows");
    }
    return rows;
  }

  /**
   * Gives each valid data row to {@code rows}, in file order, and each problem to {@code problems};
   * stops at a problem that leaves the rest unreadable (header, quoting, encoding, too many rows).
   * Returns the number of data rows read, valid or not.
   */
  static int read(Path file, CsvProblems problems, Consumer<TouchpointRow> rows) throws IOException {
    BufferedReader text = open(file);
    if (text == null) {
      problems.add(1, "is UTF-16 text; save the file as 'CSV UTF-8'");
      return 0;
    }
    try (BufferedReader reader = text; CSVParser parser = FORMAT.parse(reader)) {
      Iterator<CSVRecord> records = parser.iterator();
      CsvColumns columns = null;
      int count = 0;
      long line = 1;
      while (true) {
        CSVRecord record;
        try {
          if (!records.hasNext()) {
            break;
          }
          record = records.next();
        } catch (UncheckedIOException e) {
          if (e.getCause() instanceof CharacterCodingException) {
            // The decoder reads ahead, so where it failed says little; find the line itself.
            long at = Utf8.firstInvalidLine(file);
            problems.add(at > 0 ? at : line, "is not UTF-8 text; save the file as 'CSV UTF-8'");
          } else {
            problems.add(line, "is not valid CSV (" + STARTLINE.matcher(e.getCause().getMessage()).replaceFirst("")
                + "); quote values that contain commas, quotes or line breaks, and double every quote inside one");
          }
          return count;
        }
        long start = line;
        line = parser.getCurrentLineNumber() + 1;
        List<String> values = record.toList();
        if (values.stream().allMatch(String::isBlank)) {
          continue;
        }
        if (columns == null) {
          try {
            columns = CsvColumns.of(values);
          } catch (IllegalArgumentException e) {
            problems.add(start, e.getMessage());
            return count;
          }
          continue;
        }
        if (++count > MAX_ROWS) {
          problems.add(start, "more than " + String.format("%,d", MAX_ROWS)
              + " rows; split the file and run once per part");
          return count;
        }
        List<String> why = new ArrayList<>();
        TouchpointRow row = RowRules.check(columns, values, count, start, why);
        if (row == null) {
          problems.add(start, String.join("; ", why));
        } else {
          rows.accept(row);
        }
      }
      if (columns == null) {
        problems.add(1, "is empty; the first line must name the columns, such as name,channel,stage");
      }
      return count;
    }
  }

  /** The file as text after its UTF-8 byte-order mark, if any; {@code null} when it is UTF-16. */
  private static BufferedReader open(Path file) throws IOException {
    BufferedInputStream in = new BufferedInputStream(Files.newInputStream(file));
    try {
      in.mark(3);
      byte[] head = in.readNBytes(3);
      if ((head.length >= 2 && (head[0] & 0xff) == 0xFF && (head[1] & 0xff) == 0xFE)
          || (head.length >= 2 && (head[0] & 0xff) == 0xFE && (head[1] & 0xff) == 0xFF)) {
        in.close();
        return null;
      }
      // Excel's "CSV UTF-8" starts with a byte-order mark; it is not part of the first column's name.
      if (!(head.length == 3 && (head[0] & 0xff) == 0xEF && (head[1] & 0xff) == 0xBB && (head[2] & 0xff) == 0xBF)) {
        in.reset();
      }
    } catch (IOException e) {
      in.close();
      throw e;
    }
    // Strict decoding: a file saved as Latin-1 gets an error, not garbled names on posters.
    return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT)));
  }
}
