package dev.waymark.routing;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.List;

/**
 * A compiled {@link TimeWindow}: minutes of the day and a set of days in a zone, tested against an
 * instant through the zone's offset at that instant, so daylight saving time and spans over
 * midnight come out right (a span over midnight belongs to the day it starts on). The offset is
 * kept for the period between two transitions, so a test allocates nothing and asks the zone's
 * rules again only when the period ends. A window the admin API would not have accepted (unknown
 * zone, malformed time) never matches rather than failing the link. Thread-safe.
 */
final class TimeMatch {

  private static final int MINUTES_PER_DAY = 24 * 60;
  private static final long MILLIS_PER_DAY = 86_400_000L;
  private static final List<String> DAYS = List.of("mon", "tue", "wed", "thu", "fri", "sat", "sun");
  private static final int EVERY_DAY = 0x7f;

  /** A period with one UTC offset, {@code [from, to)} in epoch millis. */
  private record Period(long from, long to, int offsetMillis) {}

  private final ZoneRules rules;
  private final int from;
  private final int to;
  /** Bit {@code d} for day {@code d}, Monday = 0. */
  private final int days;
  /** Racy on purpose: a stale or missing period is recomputed, and a record's fields are final. */
  private Period period;

  private TimeMatch(ZoneRules rules, int from, int to, int days) {
    this.rules = rules;
    this.from = from;
    this.to = to;
    this.days = days;
  }

  /** The compiled window; {@code null} when {@code window} is {@code null} (no condition). */
  static TimeMatch of(TimeWindow window) {
    if (window == null) {
      return null;
    }
    ZoneRules rules;
    try {
      rules = ZoneId.of(window.tz()).getRules();
    } catch (DateTimeException e) {
      return new TimeMatch(null, 0, 0, 0);
    }
    int from = window.from() == null ? 0 : minutes(window.from());
    int to = window.to() == null ? MINUTES_PER_DAY : minutes(window.to());
    int days = window.days().isEmpty() ? EVERY_DAY : 0;
    for (String day : window.days()) {
      int d = DAYS.indexOf(day);
      days |= d < 0 ? 0 : 1 << d;
    }
    return from < 0 || to < 0 ? new TimeMatch(null, 0, 0, 0) : new TimeMatch(rules, from, to, days);
  }

  /** Minutes since midnight of {@code HH:mm} (24:00 is the end of the day), -1 when malformed. */
  static int minutes(String time) {
    if (time.length() != 5 || time.charAt(2) != ':') {
      return -1;
    }
    int h = digits(time, 0);
    int m = digits(time, 3);
    if (h < 0 || m < 0 || m > 59 || h > 24 || (h == 24 && m > 0)) {
      return -1;
    }
    return h * 60 + m;
  }

  private static int digits(String s, int at) {
    char a = s.charAt(at);
    char b = s.charAt(at + 1);
    if (a < '0' || a > '9' || b < '0' || b > '9') {
      return -1;
    }
    return (a - '0') * 10 + (b - '0');
  }

  /** True when the instant {@code nowMillis} falls in the window. */
  boolean matches(long nowMillis) {
    if (rules == null) {
      return false;
    }
    long local = nowMillis + offsetMillis(nowMillis);
    long day = Math.floorDiv(local, MILLIS_PER_DAY);
    int minute = (int) (Math.floorMod(local, MILLIS_PER_DAY) / 60_000);
    int weekday = (int) Math.floorMod(day + 3, 7L); // 1970-01-01 was a Thursday
    if (from < to) {
      return has(weekday) && minute >= from && minute < to;
    }
    if (from > to) {
      return (minute >= from && has(weekday)) || (minute < to && has((weekday + 6) % 7));
    }
    return false; // from == to: [from, to) is empty
  }

  private boolean has(int weekday) {
    return (days & (1 << weekday)) != 0;
  }

  private int offsetMillis(long now) {
    Period p = period;
    if (p == null || now < p.from() || now >= p.to()) {
      p = periodAt(now);
      period = p;
    }
    return p.offsetMillis();
  }

  private Period periodAt(long now) {
    Instant at = Instant.ofEpochMilli(now);
    ZoneOffset offset = rules.getOffset(at);
    ZoneOffsetTransition next = rules.nextTransition(at);
    ZoneOffsetTransition previous = rules.previousTransition(at);
    long to = next == null ? Long.MAX_VALUE : next.toEpochSecond() * 1000;
    long from;
    if (previous != null && previous.getOffsetAfter().equals(offset)) {
      from = previous.toEpochSecond() * 1000;
    } else {
      from = previous == null && rules.isFixedOffset() ? Long.MIN_VALUE : now;
    }
    return new Period(from, to, offset.getTotalSeconds() * 1000);
  }
}
