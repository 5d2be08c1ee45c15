package dev.waymark.hit.enrich;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.hash.Hashing;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class VisitorsTest {

  private static final long NOON = LocalDate.of(2026, 3, 14).atTime(12, 0).toInstant(ZoneOffset.UTC).toEpochMilli();

  private final byte[] daySalt = salt(1);
  private final byte[] monthSalt = salt(2);
  private final Visitors visitors = new Visitors(new SaltStore() {
    @Override
    public byte[] daily(LocalDate day) {
      return daySalt;
    }

    @Override
    public byte[] monthly(YearMonth month) {
      return monthSalt;
    }
  });

  @Test
  void ids_areSipHashOfIpNewlineUaInUtf8_keyedByTheSalts() throws Exception {
    String[][] cases = {
        {"203.0.113.7", "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X)"},
        {"2001:db8::1", ""},
        {"", "curl/8.5.0"},
        {"198.51.100.2", "Agent caf\u00e9 \ud83d\ude00 \u0101"}, // non-ASCII: UTF-8 bytes
    };
    for (String[] c : cases) {
      long[] ids = visitors.ids(NOON, c[0], c[1], 1_000);
      assertThat(ids).as(c[1]).containsExactly(expected(daySalt, c[0] + "\n" + c[1]),
          expected(monthSalt, c[0] + "\n" + c[1]));
    }
  }

  @Test
  void ids_longAgent_hashesOnlyTheFirstMaxChars() throws Exception {
    String ua = "x".repeat(5_000);
    long[] ids = visitors.ids(NOON, "203.0.113.7", ua, 1_000);
    assertThat(ids[0]).isEqualTo(expected(daySalt, "203.0.113.7\n" + "x".repeat(1_000)));
  }

  @Test
  void ids_manyLengths_matchTheFormula() throws Exception {
    SplittableRandom random = new SplittableRandom(7);
    for (int length = 0; length < 700; length += 1 + random.nextInt(5)) {
      StringBuilder ua = new StringBuilder();
      for (int i = 0; i < length; i++) {
        ua.append((char) (random.nextInt(10) == 0 ? 0xe9 : random.nextInt(32, 127)));
      }
      long[] ids = visitors.ids(NOON, "10.0.0.1", ua.toString(), 1_000);
      assertThat(ids[1]).as("%d chars", length)
          .isEqualTo(expected(monthSalt, "10.0.0.1\n" + ua));
    }
  }

  private static long expected(byte[] salt, String message) {
    ByteBuffer key = ByteBuffer.wrap(salt).order(ByteOrder.LITTLE_ENDIAN);
    return Hashing.sipHash24(key.getLong(0), key.getLong(8))
        .hashString(message, StandardCharsets.UTF_8).asLong();
  }

  private static byte[] salt(int seed) {
    byte[] salt = new byte[32];
    new SplittableRandom(seed).nextBytes(salt);
    return salt;
  }
}
