package dev.waymark.hit;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Makes hit ids: UUID version 7 (RFC 9562), so ids sort by the millisecond they were made in and
 * carry 74 random bits. Uses {@link ThreadLocalRandom}: ids must be unique, not secret, and the
 * redirect path cannot afford a lock or a {@code SecureRandom} per hit. An interface only so that
 * every package may share it as a contract; it has no instances.
 */
public interface HitIds {

  /** A new id made in {@code epochMillis}; sorts after every id of an earlier millisecond. */
  static UUID next(long epochMillis) {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    long msb = (epochMillis << 16) | 0x7000L | (random.nextInt() & 0x0FFFL);
    long lsb = (random.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
    return new UUID(msb, lsb);
  }

  /**
   * The epoch millis a version 7 id was made in (its top 48 bits), or -1 when {@code id} is not a
   * version 7 UUID of the RFC 9562 variant, so no hit can carry it.
   */
  static long millisOf(UUID id) {
    boolean v7 = id.version() == 7 && id.variant() == 2;
    return v7 ? id.getMostSignificantBits() >>> 16 : -1;
  }
}
