package dev.waymark.stats;

import java.util.List;

/**
 * Counts per value of one dimension, the {@code limit} with most hits first (ties by key), the
 * rest summed in {@code other} ({@link Counts#ZERO} when none). {@code visitors} of {@code other}
 * counts distinct visitors across all the rows it sums.
 */
public record Breakdown(Dimension by, List<Row> rows, Counts other) {

  public Breakdown {
    rows = List.copyOf(rows);
  }

  /** One value of the dimension ({@code ""} when hits had none), its counts and its hits' conversions. */
  public record Row(String key, long hits, long scans, long clicks, long visitors, Revenue revenue) {

    public Row {
      java.util.Objects.requireNonNull(revenue, "revenue");
    }

    /** A row without conversions. */
    public Row(String key, long hits, long scans, long clicks, long visitors) {
      this(key, hits, scans, clicks, visitors, Revenue.NONE);
    }
  }
}
