package dev.waymark.conversion;

import dev.waymark.hit.HitIds;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The rules of {@link ConversionStore#record} that both analytics stores share, so they cannot
 * drift apart: a click is looked up only when it is a version 7 hit id from no later than a
 * minute ahead; a click not found is {@link Status#PENDING} when made at or after the
 * pending-since instant (the hit may still sit in a queue or spool), else
 * {@link Status#UNKNOWN_CLICK}; a repeated {@code (click, type, id)} in one list is a
 * {@link Status#DUPLICATE} after its first; any unknown click means nothing is written. A store
 * says how to find hits ({@link #hits}) and how to check and write conversions
 * ({@link #storeAbsent}), in one round trip each per call.
 *
 * @param <H> what the store keeps of a found hit for the write (its row, or its time)
 */
public abstract class ConversionRecorder<H> implements ConversionStore {

  /** A click made further ahead of this clock than this is no hit of ours, however skewed the clocks. */
  public static final Duration MAX_AHEAD = Duration.ofMinutes(1);
  /**
   * A hit's {@code ts} is its id's millisecond cut to whole seconds; the lookup widens the range the
   * ids give by this much on each side so rounding never hides a hit, while partitions still prune.
   */
  public static final long TS_SLACK_SECONDS = 5;

  private final Clock clock;
  private final Supplier<Instant> pendingSince;

  /**
   * @param pendingSince the earliest time a hit not yet in the store may have been made, asked
   *     once per call (see {@code AnalyticsSink.conversionStore})
   */
  protected ConversionRecorder(Clock clock, Supplier<Instant> pendingSince) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.pendingSince = Objects.requireNonNull(pendingSince, "pendingSince");
  }

  /** What identifies a conversion; the stores' tables are keyed by it. */
  public record Key(UUID click, String type, String id) {

    public static Key of(Conversion c) {
      return new Key(c.click(), c.type(), c.id());
    }
  }

  /** The clicks to look up and the {@code ts} range (epoch seconds, both ends included) their hits lie in. */
  public record Lookup(Set<UUID> clicks, long fromSeconds, long toSeconds) {

    public Lookup {
      clicks = Set.copyOf(clicks);
    }
  }

  /** The stored hits among {@code lookup.clicks()}, by hit id; one query. */
  protected abstract Map<UUID, H> hits(Lookup lookup) throws Exception;

  /**
   * Of {@code candidates} (distinct keys; their clicks are exactly the keys of {@code hits}),
   * returns the keys stored already; when {@code write} is set, also stores the others, each with
   * its hit's columns and {@code reportedAt}. One check and at most one insert.
   */
  protected abstract Set<Key> storeAbsent(Lookup lookup, List<Conversion> candidates, Map<UUID, H> hits,
      boolean write, Instant reportedAt) throws Exception;

  @Override
  public final List<Status> record(List<Conversion> conversions) throws Exception {
    Objects.requireNonNull(conversions, "conversions");
    if (conversions.size() > Conversion.MAX_BATCH) {
      throw new IllegalArgumentException("at most " + Conversion.MAX_BATCH + " conversions a call, got "
          + conversions.size());
    }
    Instant now = clock.instant();
    long latest = now.toEpochMilli() + MAX_AHEAD.toMillis();
    long[] made = new long[conversions.size()];
    Set<UUID> clicks = new HashSet<>();
    long first = Long.MAX_VALUE;
    long last = Long.MIN_VALUE;
    for (int i = 0; i < made.length; i++) {
      Conversion c = Objects.requireNonNull(conversions.get(i), "conversion " + i);
      long millis = HitIds.millisOf(c.click());
      made[i] = millis > latest ? -1 : millis;
      if (made[i] >= 0) {
        clicks.add(c.click());
        first = Math.min(first, millis);
        last = Math.max(last, millis);
      }
    }
    if (clicks.isEmpty()) {
      return unknownAll(conversions.size());
    }
    Lookup lookup = new Lookup(clicks, Math.floorDiv(first, 1000) - TS_SLACK_SECONDS,
        Math.floorDiv(last, 1000) + TS_SLACK_SECONDS);
    Map<UUID, H> hits = hits(lookup);
    long pending = pendingSince.get().toEpochMilli();
    Status[] statuses = new Status[made.length];
    Map<Key, Conversion> candidates = new LinkedHashMap<>();
    boolean unknown = false;
    for (int i = 0; i < made.length; i++) {
      Conversion c = conversions.get(i);
      if (hits.containsKey(c.click())) {
        if (candidates.putIfAbsent(Key.of(c), c) != null) {
          statuses[i] = Status.DUPLICATE;
        }
      } else if (made[i] >= pending) {
        statuses[i] = Status.PENDING;
      } else {
        statuses[i] = Status.UNKNOWN_CLICK;
        unknown = true;
      }
    }
    Set<Key> before = candidates.isEmpty() ? Set.of()
        : storeAbsent(lookup, List.copyOf(candidates.values()), hits, !unknown, now);
    List<Status> answer = new ArrayList<>(made.length);
    for (int i = 0; i < made.length; i++) {
      Status s = statuses[i];
      answer.add(s != null ? s : before.contains(Key.of(conversions.get(i))) ? Status.DUPLICATE : Status.STORED);
    }
    return answer;
  }

  private static List<Status> unknownAll(int n) {
    List<Status> all = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      all.add(Status.UNKNOWN_CLICK);
    }
    return all;
  }
}
