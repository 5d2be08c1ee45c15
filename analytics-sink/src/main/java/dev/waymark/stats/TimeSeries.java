package dev.waymark.stats;

import java.time.OffsetDateTime;
import java.util.List;

/** Counts per bucket, every bucket of the range in order, empty ones as zeros. */
public record TimeSeries(Interval interval, List<Point> points) {

  public TimeSeries {
    points = List.copyOf(points);
  }

  /** One bucket: its start in the question's zone, with that moment's offset. */
  public record Point(OffsetDateTime t, long hits, long scans, long clicks, long visitors) {}
}
