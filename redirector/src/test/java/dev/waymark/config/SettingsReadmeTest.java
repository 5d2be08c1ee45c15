package dev.waymark.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The README's configuration table says what the {@link Setting} table declares, row for row. */
class SettingsReadmeTest {

  private static final String HEADER = "| env | flag | default | meaning |";

  @Test
  void readmeTable_listsEverySetting_withItsFlagAndDefault_andNothingElse() throws IOException {
    List<String> documented = rows(Files.readAllLines(readme()));
    List<String> declared = Arrays.stream(Setting.values()).map(SettingsReadmeTest::row).toList();
    assertThat(documented)
        .as("README.md's configuration table; these rows (meaning column aside) match the settings:%n%s",
            declared.stream().map(r -> r + " |").collect(Collectors.joining("\n")))
        .containsExactlyInAnyOrderElementsOf(declared);
  }

  /** The first three cells of each row under the header, without backticks. */
  static List<String> rows(List<String> lines) {
    int header = lines.indexOf(HEADER);
    assertThat(header).as("README.md has the table headed %s", HEADER).isNotNegative();
    List<String> rows = new ArrayList<>();
    for (String line : lines.subList(header + 2, lines.size())) {
      if (!line.startsWith("|")) {
        break;
      }
      String[] cells = line.split("\\|", 5);
      rows.add("| " + cell(cells[1]) + " | " + cell(cells[2]) + " | " + cell(cells[3]));
    }
    return rows;
  }

  private static String cell(String text) {
    return text.strip().replace("`", "");
  }

  private static String row(Setting setting) {
    return "| " + setting.env() + " | " + setting.flag() + " | " + setting.shownDefault();
  }

  /** Surefire runs in the module's directory; the README is the repository's. */
  private static Path readme() {
    Path dir = Path.of("").toAbsolutePath();
    while (!Files.exists(dir.resolve("README.md")) || !Files.exists(dir.resolve("redirector"))) {
      dir = dir.getParent();
    }
    return dir.resolve("README.md");
  }
}
