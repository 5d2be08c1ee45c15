package dev.waymark.admin;

import dev.waymark.journey.Stage;
import dev.waymark.stats.Breakdown;
import dev.waymark.stats.Counts;
import dev.waymark.stats.Dimension;
import dev.waymark.stats.Funnel;
import dev.waymark.stats.ExportColumn;
import dev.waymark.stats.ExportSink;
import dev.waymark.stats.Interval;
import dev.waymark.stats.Revenue;
import dev.waymark.stats.StatsQuery;
import dev.waymark.stats.StatsStore;
import dev.waymark.stats.Summary;
import dev.waymark.stats.TimeSeries;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

/**
 * A stats store with fixed answers that remembers the last question; it can be made to fail
 * ({@link #down}) or to hold every call until {@link #gate}.
 */
final class FakeStatsStore implements StatsStore {

  static final Summary SUMMARY = new Summary(120, 70, 50, 40, 30, 10, 7, 3,
      new Revenue(4, Map.of("USD", new BigDecimal("100.000"), "EUR", new BigDecimal("12.50"))));
  static final TimeSeries SERIES = new TimeSeries(Interval.DAY, List.of(
      new TimeSeries.Point(OffsetDateTime.of(2026, 3, 1, 0, 0, 0, 0, ZoneOffset.ofHours(1)), 5, 3, 2, 2),
      new TimeSeries.Point(OffsetDateTime.of(2026, 3, 2, 0, 0, 0, 0, ZoneOffset.ofHours(1)), 0, 0, 0, 0)));

  volatile StatsQuery query;
  volatile Interval interval;
  volatile Dimension by;
  volatile int limit;
  volatile boolean down;
  volatile Duration window;
  static final Funnel.Converted CONVERTED = new Funnel.Converted(30, 0.075);
  /** The funnel's converted visitors; {@code null} as from a store that counts no conversions. */
  volatile Funnel.Converted converted = CONVERTED;
  /** Closed, it holds every call until it opens. */
  final Gate gate = new Gate();

  private void call(StatsQuery q) throws Exception {
    query = q;
    gate.pass();
    if (down) {
      throw new java.io.IOException("connection refused (fake)");
    }
  }

  @Override
  public Summary summary(StatsQuery q) throws Exception {
    call(q);
    return SUMMARY;
  }

  @Override
  public TimeSeries timeSeries(StatsQuery q, Interval i) throws Exception {
    interval = i;
    call(q);
    return new TimeSeries(i, SERIES.points());
  }

  @Override
  public Breakdown breakdown(StatsQuery q, Dimension d, int n) throws Exception {
    by = d;
    limit = n;
    call(q);
    return new Breakdown(d, List.of(
        new Breakdown.Row("spring", 80, 50, 30, 25, new Revenue(3, Map.of("EUR", new BigDecimal("0.000001")))),
        new Breakdown.Row("", 20, 10, 10, 9)),
        new Counts(20, 10, 10, 8, new Revenue(1, Map.of())));
  }

  @Override
  public String kind() {
    return "clickhouse";
  }

  @Override
  public Funnel funnel(StatsQuery q, Duration w) throws Exception {
    window = w;
    call(q);
    return new Funnel(w, List.of(
        new Funnel.Step(Stage.AWARENESS, 400, 400, null),
        new Funnel.Step(Stage.CONSIDERATION, 150, 120, 0.3),
        new Funnel.Step(Stage.CONVERSION, 40, 35, 0.2917),
        new Funnel.Step(Stage.SERVICE, 0, 0, 0.0),
        new Funnel.Step(Stage.LOYALTY, 12, 0, 0.0)), converted);
  }

  /** The campaign of every exported row: what CSV must quote and JSON escape. */
  static final String NASTY = "o'brien \"cafe\", a\\b\r\nline\tté 🙂";

  /** How many rows {@link #export} has, how many the sink took, whether it said stop, and when to fail. */
  volatile long exportRows = 3;
  final java.util.concurrent.atomic.AtomicLong pulled = new java.util.concurrent.atomic.AtomicLong();
  volatile boolean exportStopped;
  volatile boolean exportFinished;
  volatile long failAfter = -1;

  /** Row {@code i} of an export: every column, with {@link #NASTY} as campaign and numbers in the number columns. */
  static List<String> exportRow(long i) {
    List<String> row = new java.util.ArrayList<>();
    for (ExportColumn c : ExportColumn.ALL) {
      row.add(switch (c.name()) {
        case "ts", "received_at" -> java.time.Instant.parse("2026-03-01T10:00:00Z").plusSeconds(i).toString();
        case "hit_id", "batch_id" -> new java.util.UUID(0x0190L, i).toString();
        case "campaign" -> NASTY;
        case "is_qr" -> "1";
        case "status" -> "302";
        case "visitor" -> "18446744073709551615";
        case "visitor_month" -> Long.toString(i);
        default -> c.name() + "-" + i;
      });
    }
    return row;
  }

  @Override
  public long export(StatsQuery q, ExportSink rows) throws Exception {
    exportStopped = false;
    exportFinished = false;
    pulled.set(0);
    call(q);
    for (long i = 0; i < exportRows; i++) {
      if (i == failAfter) {
        throw new java.io.IOException("connection reset (fake)");
      }
      pulled.incrementAndGet();
      if (!rows.accept(exportRow(i))) {
        exportStopped = true;
        return i + 1;
      }
    }
    exportFinished = true;
    return exportRows;
  }
}
