package dev.waymark.stats;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.time.zone.ZoneOffsetTransition;
import java.util.ArrayList;
import java.util.List;

/**
 * The buckets of a time series and the SQL that puts a hit into one, agreeing on a bucket's key:
 * an hour by the epoch second it starts at, a day by its local epoch day, a week by the epoch day
 * of its Monday, a month as {@code yyyymm}. The SQL shifts {@code ts} by the zone's offset at that
 * moment, written out as the few offsets the range spans, so neither store needs time-zone data.
 */
final class Buckets {

  /** One bucket: its key as the SQL computes it, and its start in the question's zone. */
  record Bucket(long key, OffsetDateTime start) {}

  private Buckets() {}

  static List<Bucket> of(StatsQuery q, Interval interval) {
    ZoneId zone = q.zone();
    List<Bucket> buckets = new ArrayList<>();
    if (interval == Interval.HOUR) {
      // A clock hour: on a DST change two buckets may share a local time, never an instant.
      for (ZonedDateTime z = ZonedDateTime.ofInstant(q.from(), zone).truncatedTo(ChronoUnit.HOURS);
          z.toInstant().isBefore(q.to()); z = z.plusHours(1)) {
        buckets.add(new Bucket(z.toEpochSecond(), z.toOffsetDateTime()));
      }
      return buckets;
    }
    LocalDate first = LocalDate.ofInstant(q.from(), zone);
    first = switch (interval) {
      case WEEK -> first.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
      case MONTH -> first.withDayOfMonth(1);
      default -> first;
    };
    for (LocalDate d = first; d.atStartOfDay(zone).toInstant().isBefore(q.to()); d = next(d, interval)) {
      long key = interval == Interval.MONTH ? d.getYear() * 100L + d.getMonthValue() : d.toEpochDay();
      buckets.add(new Bucket(key, d.atStartOfDay(zone).toOffsetDateTime()));
    }
    return buckets;
  }

  private static LocalDate next(LocalDate d, Interval interval) {
    return switch (interval) {
      case WEEK -> d.plusWeeks(1);
      case MONTH -> d.plusMonths(1);
      default -> d.plusDays(1);
    };
  }

  /** The SQL of a hit's bucket key, for hits in {@code [from, to)} whose time is {@code epoch} (seconds). */
  static String keySql(SqlDialect sql, StatsQuery q, Interval interval, String epoch) {
    String offset = offsetSql(q, epoch);
    String local = "(" + epoch + " + " + offset + ")";
    String day = sql.intDiv(local, 86_400);
    return switch (interval) {
      case HOUR -> "(" + sql.intDiv(local, 3_600) + " * 3600 - " + offset + ")";
      case DAY -> day;
      // Epoch day 0 was a Thursday, three days after a Monday.
      case WEEK -> "(" + day + " - (" + day + " + 3) % 7)";
      case MONTH -> sql.yearMonth(local);
    };
  }

  /**
   * Whether a UTC day lies whole in one bucket of {@code interval} in the question's zone: for
   * days, weeks and months of a zone that is UTC all along.
   */
  static boolean holdsWholeUtcDays(StatsQuery q, Interval interval) {
    var rules = q.zone().getRules();
    return interval != Interval.HOUR && rules.isFixedOffset() && rules.getOffset(q.from()).getTotalSeconds() == 0;
  }

  /** The zone's offset in seconds at {@code epoch}: a constant, or a CASE over the range's changes. */
  static String offsetSql(StatsQuery q, String epoch) {
    var rules = q.zone().getRules();
    ZoneOffset first = rules.getOffset(q.from());
    StringBuilder cases = new StringBuilder();
    ZoneOffset last = first;
    Instant at = q.from();
    for (ZoneOffsetTransition t = rules.nextTransition(at); t != null && t.getInstant().isBefore(q.to());
        t = rules.nextTransition(t.getInstant())) {
      cases.append(" WHEN ").append(epoch).append(" < ").append(t.getInstant().getEpochSecond())
          .append(" THEN ").append(last.getTotalSeconds());
      last = t.getOffsetAfter();
    }
    if (cases.isEmpty()) {
      return String.valueOf(first.getTotalSeconds());
    }
    return "(CASE" + cases + " ELSE " + last.getTotalSeconds() + " END)";
  }
}
