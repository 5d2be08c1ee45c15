package dev.waymark.printrun;

import static org.assertj.core.api.Assertions.assertThat;

import dev.waymark.journey.Stage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ManifestTest {

  static TouchpointRow row(int row, String key, String name) {
    return new TouchpointRow(row, row + 1L, key, false, name, "poster", null, Stage.AWARENESS, null, null);
  }

  @Test
  void write_oneLinePerRowInInputOrder_withEachFormatsFile_quotedWhereNeeded() throws IOException {
    TouchpointRow a = row(1, "k1", "Poster, Utrecht \"CS\"");
    TouchpointRow b = row(2, "k2", "Flyer");
    List<ImageFormat> formats = List.of(ImageFormat.PNG, ImageFormat.SVG);
    byte[] csv = Manifest.write(List.of(
        RowResult.done(a, new TouchpointRef("AAAAAAAAAA", "https://wmk.example/AAAAAAAAAA", false), Map.of(
            ImageFormat.PNG, Manifest.fileName(a, "AAAAAAAAAA", ImageFormat.PNG),
            ImageFormat.SVG, Manifest.fileName(a, "AAAAAAAAAA", ImageFormat.SVG))),
        RowResult.done(b, new TouchpointRef("BBBBBBBBBB", "https://wmk.example/BBBBBBBBBB", true), Map.of(
            ImageFormat.PNG, Manifest.fileName(b, "BBBBBBBBBB", ImageFormat.PNG),
            ImageFormat.SVG, Manifest.fileName(b, "BBBBBBBBBB", ImageFormat.SVG)))), formats);

    assertThat(csv).startsWith(0xEF, 0xBB, 0xBF);
    assertThat(new String(csv, 3, csv.length - 3, StandardCharsets.UTF_8)).isEqualTo(
        "row,key,name,code,short_url,png,svg\r\n"
            + "1,k1,\"Poster, Utrecht \"\"CS\"\"\",AAAAAAAAAA,https://wmk.example/AAAAAAAAAA,"
            + "000001-AAAAAAAAAA.png,000001-AAAAAAAAAA.svg\r\n"
            + "2,k2,Flyer,BBBBBBBBBB,https://wmk.example/BBBBBBBBBB,000002-BBBBBBBBBB.png,000002-BBBBBBBBBB.svg\r\n");
  }

  @Test
  void write_onlyTheRequestedFormatsGetColumns() throws IOException {
    TouchpointRow a = row(7, "k", "A");
    byte[] csv = Manifest.write(List.of(RowResult.done(a, new TouchpointRef("CCCCCCCCCC", "https://w/CCCCCCCCCC", false),
        Map.of(ImageFormat.SVG, "000007-CCCCCCCCCC.svg"))), List.of(ImageFormat.SVG));
    assertThat(new String(csv, StandardCharsets.UTF_8)).endsWith(
        "row,key,name,code,short_url,svg\r\n7,k,A,CCCCCCCCCC,https://w/CCCCCCCCCC,000007-CCCCCCCCCC.svg\r\n");
  }
}
