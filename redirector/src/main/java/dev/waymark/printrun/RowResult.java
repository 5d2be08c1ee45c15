package dev.waymark.printrun;

import java.util.Map;
import java.util.Objects;

/**
 * What became of one row: its touchpoint and the ZIP entries of its images, or why it failed.
 * Exactly one of {@code touchpoint} and {@code error} is set.
 */
record RowResult(TouchpointRow row, TouchpointRef touchpoint, Map<ImageFormat, String> files, String error) {

  RowResult {
    Objects.requireNonNull(row, "row");
    if ((touchpoint == null) == (error == null)) {
      throw new IllegalArgumentException("a row either has a touchpoint or an error");
    }
    files = files == null ? Map.of() : Map.copyOf(files);
  }

  static RowResult done(TouchpointRow row, TouchpointRef touchpoint, Map<ImageFormat, String> files) {
    return new RowResult(row, touchpoint, files, null);
  }

  static RowResult failed(TouchpointRow row, String error) {
    return new RowResult(row, null, null, error);
  }

  boolean ok() {
    return error == null;
  }
}
