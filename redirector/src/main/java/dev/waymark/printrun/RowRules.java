package dev.waymark.printrun;

import dev.waymark.journey.Stage;
import dev.waymark.link.FieldLimits;
import dev.waymark.link.Medium;
import java.util.List;
import java.util.Locale;

/**
 * The admin API's rules for a new touchpoint, applied to a CSV row before anything is sent, so a
 * bad row is reported with its line number and a bad file creates nothing. Values are trimmed;
 * stage and medium are also accepted in capitals, as spreadsheets like to write them.
 */
final class RowRules {

  private RowRules() {}

  /**
   * The touchpoint of one data row, or {@code null} with every reason it is not one added to
   * {@code problems} (as {@code "column: why"}).
   */
  static TouchpointRow check(CsvColumns columns, List<String> values, int row, long line, List<String> problems) {
    int before = problems.size();
    if (values.size() > columns.width()) {
      problems.add("has " + values.size() + " values but the header has " + columns.width()
          + " columns (quote values that contain commas)");
    }
    String name = text(problems, "name", columns.cell(values, "name"), FieldLimits.MAX_TEXT_LENGTH, true);
    String channel = text(problems, "channel", columns.cell(values, "channel"), FieldLimits.MAX_TEXT_LENGTH, true);
    String source = text(problems, "source", columns.cell(values, "source"), FieldLimits.MAX_TEXT_LENGTH, false);
    String notes = text(problems, "notes", columns.cell(values, "notes"), FieldLimits.MAX_NOTES_LENGTH, false);
    Stage stage = null;
    String stageCell = columns.cell(values, "stage").strip();
    if (!stageCell.isEmpty()) {
      try {
        stage = Stage.of(stageCell.toLowerCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        problems.add("stage: '" + stageCell + "' " + e.getMessage());
      }
    }
    Medium medium = null;
    String mediumCell = columns.cell(values, "medium").strip();
    if (!mediumCell.isEmpty()) {
      try {
        medium = Medium.of(mediumCell.toLowerCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        problems.add("medium: '" + mediumCell + "' " + e.getMessage());
      }
    }
    if (problems.size() > before) {
      return null;
    }
    String key = columns.cell(values, "key").strip();
    boolean fromName = key.isEmpty();
    return new TouchpointRow(row, line, fromName ? name : key, fromName, name, channel, source, stage, medium,
        notes);
  }

  /** A trimmed text cell: blank is absent ({@code null}), or a problem when {@code required}. */
  private static String text(List<String> problems, String column, String cell, int max, boolean required) {
    String text = cell.strip();
    if (text.isEmpty()) {
      if (required) {
        problems.add(column + ": is required");
      }
      return null;
    }
    if (text.length() > max) {
      problems.add(column + ": must be at most " + max + " characters, was " + text.length());
      return null;
    }
    if (text.chars().anyMatch(Character::isISOControl)) {
      problems.add(column + ": must not contain line breaks, tabs or other control characters");
      return null;
    }
    return text;
  }
}
