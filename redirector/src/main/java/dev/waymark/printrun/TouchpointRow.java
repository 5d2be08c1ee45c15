package dev.waymark.printrun;

import dev.waymark.journey.Stage;
import dev.waymark.link.Medium;
import java.util.Objects;

/**
 * One data row of a print-run CSV that passed the admin API's rules for a new touchpoint:
 * {@code row} counts data rows from 1, {@code line} is where the row starts in the file (what error
 * messages name), and {@code key} is what makes its code stable across runs.
 */
record TouchpointRow(int row, long line, String key, boolean keyFromName, String name, String channel,
    String source, Stage stage, Medium medium, String notes) {

  TouchpointRow {
    if (row < 1 || line < 1) {
      throw new IllegalArgumentException("row and line count from 1");
    }
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(channel, "channel");
  }

  /** How messages point at this row: its line and its name, which is what a person looks for. */
  String where() {
    return "line " + line + " ('" + name + "')";
  }
}
