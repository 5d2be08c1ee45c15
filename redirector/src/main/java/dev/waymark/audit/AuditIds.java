package dev.waymark.audit;

import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import java.util.random.RandomGenerator;
import java.util.regex.Pattern;

/**
 * Makes audit entry ids: version 7 UUIDs in lower-case text, so that ids sort as their times do,
 * to the millisecond, in a Redis sorted set and an MVStore map alike, and ids made in one process
 * within one millisecond still sort in the order they were made (a counter in the 12 bits after
 * the time). The random 62 bits keep ids of different processes apart. Thread-safe.
 */
public final class AuditIds {

  private static final Pattern FORM =
      Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");

  private final Clock clock;
  private final RandomGenerator random;
  private long lastMillis = -1;
  private int sequence;

  public AuditIds(Clock clock, RandomGenerator random) {
    this.clock = clock;
    this.random = random;
  }

  /** A new id and the time it stands for. */
  public synchronized Stamp next() {
    Instant now = clock.instant();
    long millis = Math.max(now.toEpochMilli(), lastMillis);
    if (millis == lastMillis) {
      sequence++;
      if (sequence > 0xfff) { // 4096 entries in one millisecond: borrow the next one
        millis++;
        sequence = 0;
      }
    } else {
      sequence = 0;
    }
    lastMillis = millis;
    long high = (millis << 16) | 0x7000L | sequence;
    long low = (random.nextLong() & 0x3fffffffffffffffL) | 0x8000000000000000L;
    return new Stamp(new UUID(high, low).toString(), Instant.ofEpochMilli(millis));
  }

  /** An id and its time. */
  public record Stamp(String id, Instant time) {}

  /** Whether {@code id} has the form of an id made here. */
  public static boolean isWellFormed(String id) {
    return id != null && FORM.matcher(id).matches();
  }

  /**
   * The first 13 characters of every id made at {@code time}'s millisecond: ids made at or after it
   * sort at or above this prefix, ids made before it below.
   */
  public static String prefix(Instant time) {
    long millis = Math.max(0, Math.min(time.toEpochMilli(), 0xffffffffffffL));
    String hex = String.format("%012x", millis);
    return hex.substring(0, 8) + "-" + hex.substring(8);
  }
}
