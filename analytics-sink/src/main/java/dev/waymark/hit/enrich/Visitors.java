package dev.waymark.hit.enrich;

import com.google.common.hash.HashFunction;
import com.google.common.hash.Hashing;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;

/**
 * Privacy-safe visitor ids: SipHash-2-4 keyed with the secret salt of the period over IP and UA.
 * The same person on the same device gets the same id within a UTC day (daily) or month
 * (monthly); without the salt, which is random and deleted after its period, no id leads back to
 * an IP. SipHash is a keyed pseudo-random function made for short inputs with a 64-bit result,
 * which is exactly this job, at a fraction of HMAC-SHA256's cost per hit (EnrichmentBenchmark).
 * Not thread-safe (caches the keys of the current period): one per sink thread.
 */
final class Visitors {

  private final SaltStore salts;
  private LocalDate day;
  private YearMonth month;
  private HashFunction daily;
  private HashFunction monthly;

  Visitors(SaltStore salts) {
    this.salts = salts;
  }

  /**
   * Daily and monthly ids of one request, for the UTC date of {@code epochMillis}. The user agent
   * is hashed as sent (only cut to {@code maxUaChars}): it is never stored, so it needs no cleaning.
   */
  long[] ids(long epochMillis, String ip, String userAgent, int maxUaChars) throws Exception {
    LocalDate d = LocalDate.ofInstant(Instant.ofEpochMilli(epochMillis), ZoneOffset.UTC);
    if (!d.equals(day)) {
      daily = sipHash(salts.daily(d));
      day = d;
    }
    YearMonth m = YearMonth.from(d);
    if (!m.equals(month)) {
      monthly = sipHash(salts.monthly(m));
      month = m;
    }
    String ua = userAgent.length() > maxUaChars ? userAgent.substring(0, maxUaChars) : userAgent;
    return new long[] {hash(daily, ip, ua), hash(monthly, ip, ua)};
  }

  private static long hash(HashFunction f, String ip, String ua) {
    return f.newHasher(ip.length() + ua.length() + 1)
        .putString(ip, StandardCharsets.UTF_8)
        .putByte((byte) '\n')
        .putString(ua, StandardCharsets.UTF_8)
        .hash()
        .asLong();
  }

  /** The salt's first 16 bytes are the 128-bit SipHash key; salts are at least that long. */
  private static HashFunction sipHash(byte[] salt) {
    if (salt.length < 16) {
      throw new IllegalStateException("visitor salt shorter than 16 bytes");
    }
    ByteBuffer key = ByteBuffer.wrap(salt).order(ByteOrder.LITTLE_ENDIAN);
    return Hashing.sipHash24(key.getLong(0), key.getLong(8));
  }
}
