package dev.waymark.hit.enrich;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileSaltStoreTest {

  @TempDir Path dir;

  @Test
  void daily_sameDayTwiceAndAcrossInstances_isTheSameSalt() throws Exception {
    LocalDate day = LocalDate.of(2026, 11, 23);
    byte[] first = new FileSaltStore(dir, new Random(1)).daily(day);
    byte[] again = new FileSaltStore(dir, new Random(2)).daily(day);
    assertThat(again).isEqualTo(first).hasSize(32);
  }

  @Test
  void salts_differentPeriods_differ() throws Exception {
    FileSaltStore store = new FileSaltStore(dir);
    LocalDate day = LocalDate.of(2026, 11, 23);
    assertThat(store.daily(day)).isNotEqualTo(store.daily(day.plusDays(1)));
    assertThat(store.monthly(YearMonth.from(day))).isNotEqualTo(store.daily(day));
  }

  @Test
  void forgetBefore_oldPeriods_areDeletedAndRecentOnesKept() throws Exception {
    FileSaltStore store = new FileSaltStore(dir);
    LocalDate today = LocalDate.of(2026, 11, 23);
    byte[] yesterday = store.daily(today.minusDays(1));
    store.daily(today.minusDays(2));
    store.monthly(YearMonth.of(2026, 9));
    store.monthly(YearMonth.of(2026, 10));
    store.forgetBefore(today);
    assertThat(Files.exists(dir.resolve("daily-2026-11-21.salt"))).isFalse();
    assertThat(Files.exists(dir.resolve("monthly-2026-09.salt"))).isFalse();
    assertThat(Files.exists(dir.resolve("monthly-2026-10.salt"))).isTrue();
    assertThat(new FileSaltStore(dir).daily(today.minusDays(1))).isEqualTo(yesterday);
    assertThat(PosixFilePermissions.toString(
        Files.getPosixFilePermissions(dir.resolve("daily-2026-11-22.salt")))).isEqualTo("rw-------");
  }
}
