package dev.waymark.hit.enrich;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MonthlyVisitorIdsTest {

  private static final long MARCH_14 = at(2026, 3, 14, 12);
  private static final long MARCH_31_LATE = at(2026, 3, 31, 23);
  private static final long APRIL_1 = at(2026, 4, 1, 0);

  private final List<YearMonth> asked = new ArrayList<>();
  private final SaltStore salts = new SaltStore() {
    @Override
    public byte[] daily(LocalDate day) {
      return salt(day.getDayOfMonth());
    }

    @Override
    public byte[] monthly(YearMonth month) {
      asked.add(month);
      return salt(100 + month.getMonthValue());
    }
  };

  @Test
  void id_isTheSinksMonthlyVisitorId() throws Exception {
    MonthlyVisitorIds ids = new MonthlyVisitorIds(salts);
    ids.refresh(MARCH_14);
    Visitors sink = new Visitors(salts);
    String longAgent = "Mozilla/5.0 ".repeat(200); // longer than the sink hashes
    for (String ua : List.of("Mozilla/5.0 (iPhone)", "", "caf\u00e9", longAgent)) {
      long expected = sink.ids(MARCH_14, "203.0.113.7", ua, UserAgents.MAX_UA_CHARS)[1];
      assertThat(ids.id(MARCH_14, "203.0.113.7", ua)).as(ua).isEqualTo(expected);
    }
  }

  @Test
  void id_beforeAnyRefresh_isNone() {
    assertThat(new MonthlyVisitorIds(salts).id(MARCH_14, "203.0.113.7", "ua")).isEqualTo(MonthlyVisitorIds.NONE);
  }

  @Test
  void refresh_loadsTheNextMonthADayAhead_andSwitchesAtItsStart() throws Exception {
    MonthlyVisitorIds ids = new MonthlyVisitorIds(salts);
    ids.refresh(MARCH_14);
    assertThat(asked).containsExactly(YearMonth.of(2026, 3));
    assertThat(ids.id(APRIL_1, "198.51.100.2", "ua")).as("April unknown yet").isEqualTo(MonthlyVisitorIds.NONE);

    ids.refresh(MARCH_31_LATE);
    assertThat(asked).containsExactly(YearMonth.of(2026, 3), YearMonth.of(2026, 4));
    long april = ids.id(APRIL_1, "198.51.100.2", "ua");
    assertThat(april).isEqualTo(new Visitors(salts).ids(APRIL_1, "198.51.100.2", "ua", 1_000)[1]);
    asked.subList(2, asked.size()).clear(); // the sink's own asking, above
    assertThat(ids.id(MARCH_31_LATE, "198.51.100.2", "ua")).isNotEqualTo(april);

    ids.refresh(APRIL_1);
    assertThat(asked).as("April's key is reused, not read again").hasSize(2);
    assertThat(ids.id(APRIL_1, "198.51.100.2", "ua")).isEqualTo(april);
  }

  @Test
  void refresh_failingStore_keepsTheKeysItHad() throws Exception {
    boolean[] down = {false};
    MonthlyVisitorIds ids = new MonthlyVisitorIds(new SaltStore() {
      @Override
      public byte[] daily(LocalDate day) {
        throw new UnsupportedOperationException();
      }

      @Override
      public byte[] monthly(YearMonth month) {
        if (down[0]) {
          throw new IllegalStateException("down");
        }
        return salt(7);
      }
    });
    ids.refresh(MARCH_14);
    long before = ids.id(MARCH_14, "203.0.113.7", "ua");
    down[0] = true;
    ids.refresh(MARCH_31_LATE);
    assertThat(ids.id(MARCH_14, "203.0.113.7", "ua")).isEqualTo(before).isNotEqualTo(MonthlyVisitorIds.NONE);
  }

  private static byte[] salt(int seed) {
    byte[] salt = new byte[32];
    for (int i = 0; i < salt.length; i++) {
      salt[i] = (byte) (seed * 31 + i);
    }
    return salt;
  }

  private static long at(int year, int month, int day, int hour) {
    return LocalDate.of(year, month, day).atTime(hour, 0).toInstant(ZoneOffset.UTC).toEpochMilli();
  }
}
