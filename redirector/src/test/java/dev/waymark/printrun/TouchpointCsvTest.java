package dev.waymark.printrun;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.waymark.journey.Stage;
import dev.waymark.link.FieldLimits;
import dev.waymark.link.Medium;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class TouchpointCsvTest {

  @TempDir
  Path dir;

  private Path csv(String text) throws IOException {
    return csv(text.getBytes(StandardCharsets.UTF_8));
  }

  private Path csv(byte[] bytes) throws IOException {
    Path file = Files.createTempFile(dir, "touchpoints", ".csv");
    Files.write(file, bytes);
    return file;
  }

  private static List<TouchpointRow> rows(Path file, CsvProblems problems) throws IOException {
    List<TouchpointRow> rows = new ArrayList<>();
    TouchpointCsv.read(file, problems, rows::add);
    return rows;
  }

  private static List<String> check(Path file) throws IOException {
    CsvProblems problems = new CsvProblems();
    TouchpointCsv.check(file, problems);
    return problems.lines();
  }

  @Test
  void validFile_givesEveryRowWithItsLineAndTrimmedValues() throws IOException {
    CsvProblems problems = new CsvProblems();
    List<TouchpointRow> rows = rows(csv("name,channel,source,stage,medium,notes,key\n"
        + " Poster Utrecht CS , poster ,utrecht-cs,awareness,qr,A0 in the hall,p-1\n"
        + "Flyer,flyer,,,,,\n"), problems);

    assertThat(problems.lines()).isEmpty();
    assertThat(rows).containsExactly(
        new TouchpointRow(1, 2, "p-1", false, "Poster Utrecht CS", "poster", "utrecht-cs", Stage.AWARENESS,
            Medium.QR, "A0 in the hall"),
        new TouchpointRow(2, 3, "Flyer", true, "Flyer", "flyer", null, null, null, null));
  }

  @Test
  void header_unknownMissingAndRepeatedColumns_areOneErrorNamingEach() throws IOException {
    assertThat(check(csv("nmae,Channel,colour,channel\nA,b,c,d\n"))).containsExactly(
        "line 1: the header row has unknown columns 'nmae', 'colour'; repeated column 'channel'; missing required "
            + "column 'name'. Columns are name, channel (required) and source, stage, medium, notes, key (optional)");
  }

  @Test
  void header_separatedBySemicolons_saysSo() throws IOException {
    assertThat(check(csv("name;channel\nA;b\n"))).singleElement().asString()
        .contains("unknown column 'name;channel'").contains("separated by ';'");
  }

  @Test
  void header_namesMatchWithoutCaseOrBlanks_andColumnsMayComeInAnyOrder() throws IOException {
    CsvProblems problems = new CsvProblems();
    List<TouchpointRow> rows = rows(csv(" Channel ,NAME\nposter,Poster\n"), problems);
    assertThat(problems.lines()).isEmpty();
    assertThat(rows).extracting(TouchpointRow::name, TouchpointRow::channel).containsExactly(
        tuple("Poster", "poster"));
  }

  @Test
  void byteOrderMark_isNotPartOfTheFirstColumnName() throws IOException {
    byte[] text = "name,channel\nPoster,poster\n".getBytes(StandardCharsets.UTF_8);
    byte[] withBom = new byte[text.length + 3];
    withBom[0] = (byte) 0xEF;
    withBom[1] = (byte) 0xBB;
    withBom[2] = (byte) 0xBF;
    System.arraycopy(text, 0, withBom, 3, text.length);
    CsvProblems problems = new CsvProblems();
    assertThat(rows(csv(withBom), problems)).extracting(TouchpointRow::name).containsExactly("Poster");
    assertThat(problems.lines()).isEmpty();
  }

  @Test
  void quotes_commasQuotesAndLineBreaksInsideQuotedValues_keepLineNumbersRight() throws IOException {
    CsvProblems problems = new CsvProblems();
    List<TouchpointRow> rows = rows(csv("name,channel,notes\n"
        + "\"Flyer, A5\",flyer,\"say \"\"hi\"\"\"\n"
        + "\"Two\nlines\",poster,\n"
        + "After,web,\"notes, with comma\"\n"), problems);

    assertThat(rows).extracting(TouchpointRow::line, TouchpointRow::name, TouchpointRow::notes).containsExactly(
        tuple(2L, "Flyer, A5", "say \"hi\""),
        tuple(5L, "After", "notes, with comma"));
    // The API takes no line breaks in names; the row is named by the line it starts on.
    assertThat(problems.lines()).containsExactly(
        "line 3: name: must not contain line breaks, tabs or other control characters");
  }

  @Test
  void unclosedQuote_isReportedAtTheLineItOpens() throws IOException {
    assertThat(check(csv("name,channel\nA,b\n\"C,d\nE,f\n"))).singleElement().asString()
        .startsWith("line 3: is not valid CSV (").contains("double every quote");
  }

  @Test
  void emptyAndBlankLines_areSkipped_andLaterLinesKeepTheirNumbers() throws IOException {
    CsvProblems problems = new CsvProblems();
    List<TouchpointRow> rows = rows(csv("\nname,channel\n\nA,x\n,\n   \nB,\n\r\nC,z"), problems);

    assertThat(rows).extracting(TouchpointRow::row, TouchpointRow::line, TouchpointRow::name).containsExactly(
        tuple(1, 4L, "A"),
        tuple(3, 9L, "C"));
    assertThat(problems.lines()).containsExactly("line 7: channel: is required");
  }

  @Test
  void stageAndMedium_badValuesNamed_capitalsAccepted() throws IOException {
    CsvProblems problems = new CsvProblems();
    List<TouchpointRow> rows = rows(csv("name,channel,stage,medium\n"
        + "A,x,Awareness,QR\n"
        + "B,x,awarenes,paper\n"), problems);

    assertThat(rows).extracting(TouchpointRow::stage, TouchpointRow::medium)
        .containsExactly(tuple(Stage.AWARENESS, Medium.QR));
    assertThat(problems.lines()).containsExactly("line 3: stage: 'awarenes' must be one of awareness, consideration,"
        + " conversion, service, loyalty; medium: 'paper' must be one of qr, url, nfc");
  }

  @Test
  void row_everyProblemNamedOnOneLine() throws IOException {
    String longName = "n".repeat(FieldLimits.MAX_TEXT_LENGTH + 1);
    assertThat(check(csv("name,channel,notes\n" + longName + ",,\"a\tb\",extra\n"))).containsExactly(
        "line 2: has 4 values but the header has 3 columns (quote values that contain commas); name: must be at most"
            + " 128 characters, was 129; channel: is required; notes: must not contain line breaks, tabs or other"
            + " control characters");
  }

  @Test
  void duplicateKeys_nameBothLines() throws IOException {
    assertThat(check(csv("name,channel,key\nA,x,k1\nB,x,k2\nC,x,k1\n"))).containsExactly(
        "line 4: key 'k1' is also the key of line 2 (each key is one touchpoint)");
    assertThat(check(csv("name,channel\nPoster,x\nFlyer,x\nPoster,y\n"))).singleElement().asString()
        .startsWith("line 4: name 'Poster' is also the name of line 2").contains("add one");
  }

  @Test
  void blankKey_fallsBackToTheName() throws IOException {
    CsvProblems problems = new CsvProblems();
    List<TouchpointRow> rows = rows(csv("name,channel,key\nA,x,\nB,x,  kb \n"), problems);
    assertThat(rows).extracting(TouchpointRow::key, TouchpointRow::keyFromName).containsExactly(
        tuple("A", true), tuple("kb", false));
  }

  @Test
  void notUtf8_namesTheLineOfTheFirstBadByte() throws IOException {
    byte[] latin1 = "name,channel\nA,x\nB,x\nCaf\u00e9,x\n".getBytes(StandardCharsets.ISO_8859_1);
    assertThat(check(csv(latin1))).containsExactly("line 4: is not UTF-8 text; save the file as 'CSV UTF-8'");
    byte[] utf16 = "\uFEFFname,channel\n".getBytes(StandardCharsets.UTF_16LE);
    assertThat(check(csv(utf16))).containsExactly("line 1: is UTF-16 text; save the file as 'CSV UTF-8'");
  }

  @Test
  void emptyFileAndHeaderOnly_areRefused() throws IOException {
    assertThat(check(csv(""))).singleElement().asString().startsWith("line 1: is empty;");
    assertThat(check(csv("name,channel\n\n"))).containsExactly("line 1: has a header but no data rows");
  }

  @Test
  void manyBadRows_allCounted_firstFiftyListed() throws IOException {
    StringBuilder text = new StringBuilder("name,channel\n");
    for (int i = 0; i < 120; i++) {
      text.append("row").append(i).append(",\n");
    }
    CsvProblems problems = new CsvProblems();
    TouchpointCsv.check(csv(text.toString()), problems);
    assertThat(problems.count()).isEqualTo(120);
    assertThat(problems.lines()).hasSize(CsvProblems.LISTED + 1)
        .startsWith("line 2: channel: is required").endsWith("... and 70 more");
  }

  @Test
  @Timeout(10)
  void hundredThousandRows_areCheckedInAStream_andOneMoreIsRefused() throws IOException {
    Path file = dir.resolve("big.csv");
    try (BufferedWriter w = Files.newBufferedWriter(file)) {
      w.write("name,channel,stage,key\n");
      for (int i = 1; i <= TouchpointCsv.MAX_ROWS; i++) {
        w.write("Poster " + i + ",poster,awareness,k" + i + "\n");
      }
    }
    long started = System.nanoTime();
    CsvProblems problems = new CsvProblems();
    assertThat(TouchpointCsv.check(file, problems)).isEqualTo(TouchpointCsv.MAX_ROWS);
    assertThat(problems.lines()).isEmpty();
    assertThat(System.nanoTime() - started).as("check time in ns").isLessThan(5_000_000_000L);

    Files.writeString(file, "Poster x,poster,awareness,kx\n", java.nio.file.StandardOpenOption.APPEND);
    assertThat(check(file)).containsExactly("line 100002: more than 100,000 rows; split the file and run once per part");
  }
}
