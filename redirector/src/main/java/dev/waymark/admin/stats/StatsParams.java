package dev.waymark.admin.stats;

import dev.waymark.admin.http.Violations;
import dev.waymark.journey.Stage;
import dev.waymark.link.Codes;
import dev.waymark.link.FieldLimits;
import dev.waymark.stats.Dimension;
import dev.waymark.stats.Funnel;
import dev.waymark.stats.Interval;
import dev.waymark.stats.StatsQuery;
import dev.waymark.stats.StatsQuery.TrafficFilter;
import io.vertx.core.MultiMap;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The query parameters of a stats endpoint, checked: every malformed, repeated or unknown one is
 * named in a single 400. {@code from} and {@code to} are RFC 3339 instants or dates in {@code tz};
 * {@code from} as a date starts at its midnight, {@code to} as a date includes that whole day
 * (the range ends at the next midnight); without them the range is the 30 days ending now, and it
 * may span at most {@link #MAX_RANGE}. {@code window} is set for the funnel only.
 */
public record StatsParams(StatsQuery query, Interval interval, Dimension by, int limit, Duration window) {

  /** The longest range a question may span. */
  public static final Duration MAX_RANGE = Duration.ofDays(400);
  public static final Duration DEFAULT_RANGE = Duration.ofDays(30);
  public static final int DEFAULT_LIMIT = 10;
  public static final int MAX_LIMIT = 1000;
  static final Interval DEFAULT_INTERVAL = Interval.DAY;

  /** The parameters every stats endpoint takes. */
  static final Set<String> COMMON = Set.of("campaign", "link", "touchpoint", "channel", "stage", "source", "qr",
      "from", "to", "tz", "traffic");
  /**
   * IANA names only, not offsets such as {@code +02:00}: a store hands the zone's id to its
   * database, which knows the names.
   */
  private static final Set<String> ZONES = Set.copyOf(ZoneId.getAvailableZoneIds());
  static final ZoneId UTC = ZoneId.of("UTC");
  private static final Pattern LIMIT = Pattern.compile("\\d{1,9}");
  private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
  /** A funnel window: whole hours or days, such as {@code 24h} or {@code 7d}. */
  private static final Pattern WINDOW = Pattern.compile("(\\d{1,4})([hd])");

  /** Which endpoint the parameters are for, and what it takes beyond {@link #COMMON}. */
  enum Endpoint {
    SUMMARY(Set.of()), TIMESERIES(Set.of("interval")), BREAKDOWN(Set.of("by", "limit")),
    /** Every stage is a step of the funnel, so {@code stage} filters nothing here. */
    FUNNEL(Set.of("window"), Set.of("stage")),
    EXPORT(Set.of("format"));

    final Set<String> names;

    Endpoint(Set<String> own) {
      this(own, Set.of());
    }

    Endpoint(Set<String> own, Set<String> refused) {
      Set<String> all = new HashSet<>(COMMON);
      all.addAll(own);
      all.removeAll(refused);
      this.names = Set.copyOf(all);
    }
  }

  /** The wire name of an enum constant of the stats contract: its lower-case name ({@code utm_source}). */
  static String wireName(Enum<?> value) {
    return value.name().toLowerCase(Locale.ROOT);
  }

  /** Parses {@code params} for {@code endpoint}; "now" is read from {@code clock} only when a bound is missing. */
  static StatsParams parse(MultiMap params, Endpoint endpoint, Clock clock) {
    Violations v = new Violations();
    for (String name : params.names()) {
      if (endpoint == Endpoint.FUNNEL && name.equals("stage")) {
        v.add(name, "is not a filter of the funnel, which has a step for every stage; leave it out");
      } else if (!endpoint.names.contains(name)) {
        v.add(name, "is not a parameter of this endpoint; known: "
            + String.join(", ", Violations.sorted(endpoint.names)));
      }
    }
    String campaign = text(v, params, "campaign");
    String channel = text(v, params, "channel");
    String source = text(v, params, "source");
    String link = code(v, params, "link");
    String touchpoint = code(v, params, "touchpoint");
    Stage stage = null;
    String stageParam = endpoint.names.contains("stage") ? single(v, params, "stage") : null;
    if (stageParam != null) {
      try {
        stage = Stage.of(stageParam);
      } catch (IllegalArgumentException e) {
        v.add("stage", e.getMessage());
      }
    }
    Boolean qr = null;
    String qrParam = single(v, params, "qr");
    if (qrParam != null) {
      if (qrParam.equals("true") || qrParam.equals("false")) {
        qr = Boolean.valueOf(qrParam);
      } else {
        v.add("qr", "must be true (scans only) or false (clicks only)");
      }
    }
    TrafficFilter traffic = oneOf(v, params, "traffic", TrafficFilter.values(), TrafficFilter.HUMAN);
    ZoneId zone = UTC;
    String tz = single(v, params, "tz");
    if (tz != null) {
      if (ZONES.contains(tz)) {
        zone = ZoneId.of(tz);
      } else {
        v.add("tz", "must be an IANA time zone such as Europe/Paris or UTC; got '" + clip(tz) + "'");
      }
    }
    Instant from = bound(v, params, "from", zone, false);
    Instant to = bound(v, params, "to", zone, true);

    Interval interval = endpoint == Endpoint.TIMESERIES
        ? oneOf(v, params, "interval", Interval.values(), DEFAULT_INTERVAL) : null;
    Dimension by = null;
    int limit = DEFAULT_LIMIT;
    if (endpoint == Endpoint.BREAKDOWN) {
      if (params.getAll("by").isEmpty() || params.get("by").isEmpty()) {
        v.add("by", "is required: one of " + wireNames(Dimension.values()));
      } else {
        by = oneOf(v, params, "by", Dimension.values(), null);
      }
      String limitParam = single(v, params, "limit");
      if (limitParam != null) {
        if (!LIMIT.matcher(limitParam).matches()
            || Integer.parseInt(limitParam) < 1 || Integer.parseInt(limitParam) > MAX_LIMIT) {
          v.add("limit", "must be an integer from 1 to " + MAX_LIMIT);
        } else {
          limit = Integer.parseInt(limitParam);
        }
      }
    }
    Duration window = endpoint == Endpoint.FUNNEL ? window(v, params) : null;
    v.throwIfAny();

    boolean toGiven = to != null;
    if (to == null) {
      to = clock.instant();
    }
    if (from == null) {
      from = to.minus(DEFAULT_RANGE);
    }
    if (!from.isBefore(to)) {
      v.add(toGiven ? "to" : "from", toGiven ? "must be after from (" + from + "); got " + to
          : "must be before now (" + to + ") when to is not given; got " + from);
    } else if (Duration.between(from, to).compareTo(MAX_RANGE) > 0) {
      v.add("from", "the range from " + from + " to " + to + " spans more than " + MAX_RANGE.toDays()
          + " days; ask for a shorter one");
    }
    v.throwIfAny();
    return new StatsParams(new StatsQuery(from, to, zone, campaign, link, touchpoint, channel, stage, source, qr,
        traffic), interval, by, limit, window);
  }

  /** {@code window} of the funnel: {@code Nh} or {@code Nd}, 1 hour to 90 days; 7 days when absent. */
  private static Duration window(Violations v, MultiMap params) {
    String value = single(v, params, "window");
    if (value == null) {
      return Funnel.DEFAULT_WINDOW;
    }
    Matcher m = WINDOW.matcher(value);
    if (m.matches()) {
      long n = Long.parseLong(m.group(1));
      Duration window = m.group(2).equals("d") ? Duration.ofDays(n) : Duration.ofHours(n);
      if (window.compareTo(Funnel.MIN_WINDOW) >= 0 && window.compareTo(Funnel.MAX_WINDOW) <= 0) {
        return window;
      }
    }
    return v.add("window", "must be whole hours or days from 1h to 90d, such as 24h or 7d; got '" + clip(value) + "'");
  }

  /** The wire form of a funnel window: days when it is whole days ({@code 7d}), else hours ({@code 36h}). */
  static String windowName(Duration window) {
    return window.toHours() % 24 == 0 ? window.toDays() + "d" : window.toHours() + "h";
  }

  private static Instant bound(Violations v, MultiMap params, String name, ZoneId zone, boolean end) {
    String value = single(v, params, name);
    if (value == null) {
      return null;
    }
    try {
      if (DATE.matcher(value).matches()) {
        LocalDate date = LocalDate.parse(value);
        return (end ? date.plusDays(1) : date).atStartOfDay(zone).toInstant();
      }
      return OffsetDateTime.parse(value).toInstant();
    } catch (DateTimeException e) {
      return v.add(name, "must be an RFC 3339 instant with an offset (2026-03-01T00:00:00Z) or a date "
          + "(2026-03-01); got '" + clip(value) + "'");
    }
  }

  private static <E extends Enum<E>> E oneOf(Violations v, MultiMap params, String name, E[] values, E absent) {
    String value = single(v, params, name);
    if (value == null) {
      return absent;
    }
    for (E e : values) {
      if (wireName(e).equals(value)) {
        return e;
      }
    }
    return v.add(name, "must be one of " + wireNames(values) + "; got '" + clip(value) + "'");
  }

  private static String wireNames(Enum<?>[] values) {
    return String.join(", ", List.of(values).stream().map(StatsParams::wireName).toList());
  }

  private static String text(Violations v, MultiMap params, String name) {
    String value = single(v, params, name);
    if (value != null && value.length() > FieldLimits.MAX_TEXT_LENGTH) {
      return v.add(name, "must be at most " + FieldLimits.MAX_TEXT_LENGTH + " characters");
    }
    return value;
  }

  private static String code(Violations v, MultiMap params, String name) {
    String value = single(v, params, name);
    if (value != null && !Codes.isWellFormed(value, 0, value.length())) {
      return v.add(name, "must be a " + name + "'s code (letters, digits, '-' and '_', at most "
          + Codes.MAX_LENGTH + ")");
    }
    return value;
  }

  private static String single(Violations v, MultiMap params, String name) {
    List<String> values = params.getAll(name);
    if (values.size() > 1) {
      return v.add(name, "must be given at most once");
    }
    return values.isEmpty() || values.get(0).isEmpty() ? null : values.get(0);
  }

  private static String clip(String value) {
    return value.length() > 40 ? value.substring(0, 40) + "..." : value;
  }
}
