package dev.waymark.printrun;

import java.util.ArrayList;
import java.util.List;

/**
 * Everything wrong with a print-run CSV, each with the line it is on: all are counted, the first
 * {@value #LISTED} are kept for the report, so a file with 100,000 bad rows prints a page, not a book.
 */
final class CsvProblems {

  static final int LISTED = 50;

  private final List<String> listed = new ArrayList<>();
  private int count;

  void add(long line, String problem) {
    count++;
    if (listed.size() < LISTED) {
      listed.add("line " + line + ": " + problem);
    }
  }

  int count() {
    return count;
  }

  boolean isEmpty() {
    return count == 0;
  }

  /** The report: the listed problems, then how many more there were. */
  List<String> lines() {
    List<String> lines = new ArrayList<>(listed);
    if (count > listed.size()) {
      lines.add("... and " + (count - listed.size()) + " more");
    }
    return lines;
  }
}
