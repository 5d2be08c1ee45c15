package dev.waymark.admin.stats;

import dev.waymark.stats.Breakdown;
import dev.waymark.stats.Counts;
import dev.waymark.stats.Funnel;
import dev.waymark.stats.Summary;
import dev.waymark.stats.TimeSeries;
import java.math.BigDecimal;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The JSON of the stats answers, spelled out here rather than left to the contract's records:
 * enums by their lower-case wire names, bucket starts as RFC 3339 with the zone's offset
 * (seconds always written, which {@code OffsetDateTime.toString} drops at :00), revenue as JSON
 * numbers per currency in code order ({@code {}} when none).
 */
final class StatsView {

  /** The stage of the funnel's last step, after the journey's own: visitors with a conversion. */
  static final String CONVERTED = "converted";

  private StatsView() {}

  record SummaryView(long hits, long scans, long clicks, long visitors, long newVisitors, long returningVisitors,
                     long bots, long previews, long conversions, Map<String, BigDecimal> revenue) {}

  record PointView(String t, long hits, long scans, long clicks, long visitors) {}

  record SeriesView(String interval, List<PointView> points) {}

  record RowView(String key, long hits, long scans, long clicks, long visitors, long conversions,
                 Map<String, BigDecimal> revenue) {}

  record CountsView(long hits, long scans, long clicks, long visitors, long conversions,
                    Map<String, BigDecimal> revenue) {}

  record BreakdownView(String by, List<RowView> rows, CountsView other) {}

  /** {@code rate} is {@code null} on the first step, written as JSON {@code null}. */
  record StepView(String stage, long visitors, long fromPrevious, Double rate) {}

  record FunnelView(String window, List<StepView> steps) {}

  static SummaryView of(Summary s) {
    return new SummaryView(s.hits(), s.scans(), s.clicks(), s.visitors(), s.newVisitors(), s.returningVisitors(),
        s.bots(), s.previews(), s.revenue().conversions(), s.revenue().byCurrency());
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
        .map(r -> new RowView(r.key(), r.hits(), r.scans(), r.clicks(), r.visitors(), r.revenue().conversions(),
            r.revenue().byCurrency()))
        .toList(), new CountsView(o.hits(), o.scans(), o.clicks(), o.visitors(), o.revenue().conversions(),
            o.revenue().byCurrency()));
  }

  /**
   * The journey's steps, then, when the store counts conversions, a {@code converted} step: every
   * conversion follows a hit of the funnel, so all its visitors come "from the previous" steps and
   * its rate is over every visitor of the funnel, not over the loyalty step's.
   */
  static FunnelView of(Funnel f) {
    List<StepView> steps = new ArrayList<>(f.steps().size() + 1);
    f.steps().forEach(st -> steps.add(new StepView(st.stage().wireName(), st.visitors(), st.fromPrevious(), st.rate())));
    Funnel.Converted c = f.converted();
    if (c != null) {
      steps.add(new StepView(CONVERTED, c.visitors(), c.visitors(), c.rate()));
    }
    return new FunnelView(StatsParams.windowName(f.window()), steps);
  }
}
