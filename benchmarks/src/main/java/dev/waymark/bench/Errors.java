package dev.waymark.bench;

import dev.waymark.stats.Breakdown;
import dev.waymark.stats.Dimension;
import dev.waymark.stats.Funnel;
import dev.waymark.stats.Interval;
import dev.waymark.stats.StatsQuery;
import dev.waymark.stats.StatsStore;
import dev.waymark.stats.Summary;
import dev.waymark.stats.TimeSeries;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * How far a sampling store's visitor figures are from the exact ones on the same hits: the
 * questions {@link StatsBench} times, answered by both, each estimate printed with the exact
 * figure and the relative error (estimate minus exact, over exact).
 */
final class Errors {

  private Errors() {}

  static void print(StatsStore estimated, StatsStore exact, StatsQuery q) throws Exception {
    System.out.println("estimate errors (estimate - exact) / exact:");
    Summary s = estimated.summary(q);
    Summary e = exact.summary(q);
    line("summary visitors", s.visitors(), e.visitors());
    line("summary new", s.newVisitors(), e.newVisitors());
    line("summary returning", s.returningVisitors(), e.returningVisitors());

    List<TimeSeries.Point> sp = estimated.timeSeries(q, Interval.DAY).points();
    List<TimeSeries.Point> ep = exact.timeSeries(q, Interval.DAY).points();
    double worst = 0;
    double sum = 0;
    for (int i = 0; i < ep.size(); i++) {
      double err = Math.abs(error(sp.get(i).visitors(), ep.get(i).visitors()));
      worst = Math.max(worst, err);
      sum += err;
    }
    System.out.printf(Locale.ROOT, "  %-34s mean |error| %.2f%%, worst %.2f%% over %d days%n", "daily series visitors",
        sum / ep.size(), worst, ep.size());

    Breakdown sb = estimated.breakdown(q, Dimension.TOUCHPOINT, 10);
    Breakdown eb = exact.breakdown(q, Dimension.TOUCHPOINT, 10);
    for (int i = 0; i < eb.rows().size(); i++) {
      line("touchpoint '" + eb.rows().get(i).key() + "' visitors", sb.rows().get(i).visitors(),
          eb.rows().get(i).visitors());
    }
    line("touchpoint other visitors", sb.other().visitors(), eb.other().visitors());

    Duration week = Duration.ofDays(7);
    Funnel sf = estimated.funnel(q, week);
    Funnel ef = exact.funnel(q, week);
    for (int i = 0; i < ef.steps().size(); i++) {
      Funnel.Step a = sf.steps().get(i);
      Funnel.Step b = ef.steps().get(i);
      line("funnel " + b.stage().wireName() + " visitors", a.visitors(), b.visitors());
      if (i > 0) {
        line("funnel " + b.stage().wireName() + " fromPrevious", a.fromPrevious(), b.fromPrevious());
      }
    }
  }

  private static void line(String what, long estimate, long exact) {
    System.out.printf(Locale.ROOT, "  %-34s %,12d exact %,12d  %+.2f%%%n", what, estimate, exact, error(estimate, exact));
  }

  private static double error(long estimate, long exact) {
    return exact == 0 ? (estimate == 0 ? 0 : 100) : 100.0 * (estimate - exact) / exact;
  }
}
