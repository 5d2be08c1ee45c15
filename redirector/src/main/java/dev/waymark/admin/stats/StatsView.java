package dev.waymark.admin.stats;

import dev.waymark.stats.Breakdown;
import dev.waymark.stats.Counts;
import dev.waymark.stats.Funnel;
import dev.waymark.stats.Summary;
import dev.waymark.stats.TimeSeries;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * The JSON of the stats answers, spelled out here rather than left to the contract's records:
 * enums by their lower-case wire names, bucket starts as RFC 3339 with the zone's offset
 * (seconds always written, which {@code OffsetDateTime.toString} drops at :00).
 */
final class StatsView {

  private StatsView() {}

  record SummaryView(long hits, long scans, long clicks, long visitors, long newVisitors, long returningVisitors,
                     long bots, long previews) {}

  record PointView(String t, long hits, long scans, long clicks, long visitors) {}

  record SeriesView(String interval, List<PointView> points) {}

  record RowView(String key, long hits, long scans, long clicks, long visitors) {}

  record CountsView(long hits, long scans, long clicks, long visitors) {}

  record BreakdownView(String by, List<RowView> rows, CountsView other) {}

  /** {@code rate} is {@code null} on the first step, written as JSON {@code null}. */
  record StepView(String stage, long visitors, long fromPrevious, Double rate) {}

  record FunnelView(String window, List<StepView> steps) {}

  static SummaryView of(Summary s) {
    return new SummaryView(s.hits(), s.scans(), s.clicks(), s.visitors(), s.newVisitors(), s.returningVisitors(),
        s.bots(), s.previews());
  }

  static SeriesView of(TimeSeries series) {
    return new SeriesView(StatsParams.wireName(series.interval()), series.points().stream()
        .map(p -> new PointView(DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(p.t()), p.hits(), p.scans(),
            p.clicks(), p.visitors()))
        .toList());
  }

  static BreakdownView of(Breakdown b) {
    Counts o = b.other() == null ? Counts.ZERO : b.other();
    return new BreakdownView(StatsParams.wireName(b.by()), b.rows().stream()
        .map(r -> new RowView(r.key(), r.hits(), r.scans(), r.clicks(), r.visitors()))
        .toList(), new CountsView(o.hits(), o.scans(), o.clicks(), o.visitors()));
  }

  static FunnelView of(Funnel f) {
    return new FunnelView(StatsParams.windowName(f.window()), f.steps().stream()
        .map(st -> new StepView(st.stage().wireName(), st.visitors(), st.fromPrevious(), st.rate()))
        .toList());
  }
}
