package dev.waymark.stats;

import dev.waymark.journey.Stage;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Objects;

/**
 * Which hits a stats question is about: {@code [from, to)}, day and week boundaries in
 * {@code zone}, the hits matching every filter that is set ({@code null} = any), and which
 * traffic counts (people only, unless asked).
 *
 * @param link a link's code: the hits through it and through its touchpoints
 * @param touchpoint a touchpoint's code
 * @param qr {@code true} scans only, {@code false} clicks only, {@code null} both
 */
public record StatsQuery(
    Instant from,
    Instant to,
    ZoneId zone,
    String campaign,
    String link,
    String touchpoint,
    String channel,
    Stage stage,
    String source,
    Boolean qr,
    TrafficFilter traffic) {

  public StatsQuery {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(zone, "zone");
    Objects.requireNonNull(traffic, "traffic");
    if (!from.isBefore(to)) {
      throw new IllegalArgumentException("from must be before to");
    }
  }

  /** All human hits in {@code [from, to)}, boundaries in UTC. */
  public static StatsQuery of(Instant from, Instant to) {
    return new StatsQuery(from, to, ZoneId.of("UTC"), null, null, null, null, null, null, null,
        TrafficFilter.HUMAN);
  }

  /** Which traffic a question counts; the wire name is the lower-case name. */
  public enum TrafficFilter { HUMAN, BOT, PREVIEW, ALL }
}
