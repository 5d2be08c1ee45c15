package dev.waymark.printrun;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ZipDraftTest {

  @TempDir
  Path dir;

  private long filesIn(Path d) throws IOException {
    try (Stream<Path> files = Files.list(d)) {
      return files.count();
    }
  }

  @Test
  void commit_movesTheWholeZipIntoPlace_andLeavesNoTemporaryFile() throws IOException {
    Path out = dir.resolve("campaign.zip");
    try (ZipDraft zip = ZipDraft.create(out)) {
      assertThat(zip.temp().getParent()).isEqualTo(dir.toAbsolutePath());
      zip.put("000001-abc.png", new byte[] {1, 2, 3});
      zip.put("manifest.csv", "row\n1\n".getBytes(StandardCharsets.UTF_8));
      assertThat(out).doesNotExist();
      zip.commit();
    }
    assertThat(filesIn(dir)).isEqualTo(1);
    try (ZipFile zip = new ZipFile(out.toFile())) {
      ZipEntry png = zip.getEntry("000001-abc.png");
      assertThat(png.getMethod()).as("PNG is stored, it is compressed already").isEqualTo(ZipEntry.STORED);
      assertThat(zip.getInputStream(png).readAllBytes()).containsExactly(1, 2, 3);
      assertThat(zip.getEntry("manifest.csv").getMethod()).isEqualTo(ZipEntry.DEFLATED);
      assertThat(new String(zip.getInputStream(zip.getEntry("manifest.csv")).readAllBytes(), StandardCharsets.UTF_8))
          .isEqualTo("row\n1\n");
    }
  }

  @Test
  void closeWithoutCommit_leavesNothing_andAnEarlierZipAtTheDestinationUntouched() throws IOException {
    Path out = dir.resolve("campaign.zip");
    Files.writeString(out, "the previous run's zip");
    Path temp;
    try (ZipDraft zip = ZipDraft.create(out)) {
      temp = zip.temp();
      zip.put("000001-abc.png", new byte[1000]);
      assertThat(temp).exists();
    }
    assertThat(temp).doesNotExist();
    assertThat(out).hasContent("the previous run's zip");
    assertThat(filesIn(dir)).isEqualTo(1);
  }

  @Test
  void commit_replacesAnEarlierZip() throws IOException {
    Path out = dir.resolve("campaign.zip");
    Files.writeString(out, "old");
    try (ZipDraft zip = ZipDraft.create(out)) {
      zip.put("manifest.csv", new byte[] {'x'});
      zip.commit();
    }
    try (ZipFile zip = new ZipFile(out.toFile())) {
      assertThat(zip.size()).isEqualTo(1);
    }
  }

  @Test
  void failedCommit_leavesNothingAtTheDestination() throws IOException {
    Path out = dir.resolve("campaign.zip");
    Path temp;
    try (ZipDraft zip = ZipDraft.create(out)) {
      temp = zip.temp();
      zip.put("a.png", new byte[] {1});
      Files.createDirectory(out);                      // the rename cannot replace a directory that is not empty
      Files.writeString(out.resolve("in-the-way"), "x");
      assertThatThrownBy(zip::commit).isInstanceOf(IOException.class);
    }
    assertThat(temp).doesNotExist();
    assertThat(out).isDirectory();
  }

  @Test
  void put_afterCommit_isRefused() throws IOException {
    try (ZipDraft zip = ZipDraft.create(dir.resolve("a.zip"))) {
      zip.commit();
      assertThatThrownBy(() -> zip.put("late.png", new byte[1])).isInstanceOf(IllegalStateException.class);
    }
  }
}
