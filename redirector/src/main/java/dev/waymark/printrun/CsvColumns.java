package dev.waymark.printrun;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The header row of a print-run CSV, checked in one go: {@code name} and {@code channel} required,
 * {@code source, stage, medium, notes, key} optional, names matched without regard to case or
 * surrounding blanks, every unknown, missing or repeated column named in a single message.
 */
record CsvColumns(Map<String, Integer> index, int width) {

  static final List<String> REQUIRED = List.of("name", "channel");
  static final List<String> OPTIONAL = List.of("source", "stage", "medium", "notes", "key");

  CsvColumns {
    index = Map.copyOf(index);
  }

  /** The columns of {@code header}; throws {@link IllegalArgumentException} naming everything wrong with it. */
  static CsvColumns of(List<String> header) {
    Map<String, Integer> index = new LinkedHashMap<>();
    List<String> unknown = new ArrayList<>();
    List<String> repeated = new ArrayList<>();
    for (int i = 0; i < header.size(); i++) {
      String name = header.get(i).strip().toLowerCase(Locale.ROOT);
      if (!REQUIRED.contains(name) && !OPTIONAL.contains(name)) {
        unknown.add("'" + header.get(i) + "'");
      } else if (index.putIfAbsent(name, i) != null) {
        repeated.add("'" + name + "'");
      }
    }
    List<String> missing = REQUIRED.stream().filter(c -> !index.containsKey(c)).map(c -> "'" + c + "'").toList();
    List<String> problems = new ArrayList<>();
    if (!unknown.isEmpty()) {
      problems.add("unknown column" + plural(unknown) + " " + String.join(", ", unknown));
    }
    if (!repeated.isEmpty()) {
      problems.add("repeated column" + plural(repeated) + " " + String.join(", ", repeated));
    }
    if (!missing.isEmpty()) {
      problems.add("missing required column" + plural(missing) + " " + String.join(", ", missing));
    }
    if (problems.isEmpty()) {
      return new CsvColumns(index, header.size());
    }
    String hint = header.size() == 1 && header.get(0).contains(";")
        ? " (the columns look separated by ';': save the file as comma-separated CSV)" : "";
    throw new IllegalArgumentException("the header row has " + String.join("; ", problems) + hint
        + ". Columns are name, channel (required) and " + String.join(", ", OPTIONAL) + " (optional)");
  }

  /** The cell of {@code column} in {@code values}, or {@code ""} when the column or the cell is absent. */
  String cell(List<String> values, String column) {
    Integer i = index.get(column);
    return i == null || i >= values.size() ? "" : values.get(i);
  }

  private static String plural(List<String> names) {
    return names.size() == 1 ? "" : "s";
  }
}
