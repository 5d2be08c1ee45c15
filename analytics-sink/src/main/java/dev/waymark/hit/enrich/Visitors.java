package dev.waymark.hit.enrich;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Privacy-safe visitor ids: HMAC-SHA256(secret salt of the period, IP, UA) cut to 64 bits. The
 * same person on the same device gets the same id within a UTC day (daily) or month (monthly);
 * without the salt, which is random and deleted after its period, no id leads back to an IP.
 * Not thread-safe (holds a Mac): one per sink thread.
 */
final class Visitors {

  private final SaltStore salts;
  private final Mac mac;
  private LocalDate day;
  private YearMonth month;
  private SecretKeySpec dailyKey;
  private SecretKeySpec monthlyKey;

  Visitors(SaltStore salts) {
    this.salts = salts;
    try {
      this.mac = Mac.getInstance("HmacSHA256");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is required of every JDK", e);
    }
  }

  /** Daily and monthly ids of one request, for the UTC date of {@code epochMillis}. */
  long[] ids(long epochMillis, String ip, String userAgent) throws Exception {
    LocalDate d = LocalDate.ofInstant(Instant.ofEpochMilli(epochMillis), ZoneOffset.UTC);
    if (!d.equals(day)) {
      dailyKey = new SecretKeySpec(salts.daily(d), "HmacSHA256");
      day = d;
    }
    YearMonth m = YearMonth.from(d);
    if (!m.equals(month)) {
      monthlyKey = new SecretKeySpec(salts.monthly(m), "HmacSHA256");
      month = m;
    }
    byte[] input = (ip + '\n' + userAgent).getBytes(StandardCharsets.UTF_8);
    return new long[] {hash(dailyKey, input), hash(monthlyKey, input)};
  }

  private long hash(SecretKeySpec key, byte[] input) throws GeneralSecurityException {
    mac.init(key);
    return ByteBuffer.wrap(mac.doFinal(input)).getLong();
  }
}
