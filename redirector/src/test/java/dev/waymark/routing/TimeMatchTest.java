package dev.waymark.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.ZonedDateTime;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

class TimeMatchTest {

  static final ZoneId AMSTERDAM = ZoneId.of("Europe/Amsterdam");

  static long utc(String instant) {
    return java.time.Instant.parse(instant).toEpochMilli();
  }

  static long local(String dateTime) {
    return ZonedDateTime.of(java.time.LocalDateTime.parse(dateTime), AMSTERDAM).toInstant().toEpochMilli();
  }

  static TimeMatch window(String from, String to, List<String> days, String tz) {
    return TimeMatch.of(new TimeWindow(from, to, days, tz));
  }

  @Test
  void matches_officeHours_fromInclusiveToExclusive() {
    TimeMatch office = window("08:00", "18:00", List.of("mon", "tue", "wed", "thu", "fri"), "Europe/Amsterdam");
    assertThat(office.matches(local("2026-12-07T07:59:59"))).isFalse(); // a Monday
    assertThat(office.matches(local("2026-12-07T08:00:00"))).isTrue();
    assertThat(office.matches(local("2026-12-07T17:59:59"))).isTrue();
    assertThat(office.matches(local("2026-12-07T18:00:00"))).isFalse();
    assertThat(office.matches(local("2026-12-05T12:00:00"))).isFalse(); // a Saturday
  }

  @Test
  void matches_followsTheLocalClockAcrossTheSpringSwitch() {
    // 29 March 2026: 02:00 CET becomes 03:00 CEST at 01:00 UTC.
    TimeMatch morning = window("08:00", "09:00", List.of(), "Europe/Amsterdam");
    assertThat(morning.matches(utc("2026-03-28T07:30:00Z"))).isTrue();  // 08:30 CET
    assertThat(morning.matches(utc("2026-03-29T07:30:00Z"))).isFalse(); // 09:30 CEST
    assertThat(morning.matches(utc("2026-03-29T06:30:00Z"))).isTrue();  // 08:30 CEST
    TimeMatch early = window("02:00", "03:00", List.of(), "Europe/Amsterdam");
    assertThat(early.matches(utc("2026-03-29T00:59:59Z"))).isFalse(); // 01:59:59 CET
    assertThat(early.matches(utc("2026-03-29T01:00:00Z"))).isFalse(); // 03:00 CEST: the hour never was
    TimeMatch three = window("03:00", "04:00", List.of(), "Europe/Amsterdam");
    assertThat(three.matches(utc("2026-03-29T01:00:00Z"))).isTrue();
  }

  @Test
  void matches_theRepeatedHourOfTheAutumnSwitch_bothTimes() {
    // 25 October 2026: 03:00 CEST becomes 02:00 CET at 01:00 UTC; 02:xx happens twice.
    TimeMatch two = window("02:00", "03:00", List.of("sun"), "Europe/Amsterdam");
    assertThat(two.matches(utc("2026-10-24T23:59:59Z"))).isFalse(); // 01:59:59 CEST
    assertThat(two.matches(utc("2026-10-25T00:30:00Z"))).isTrue();  // 02:30 CEST
    assertThat(two.matches(utc("2026-10-25T01:30:00Z"))).isTrue();  // 02:30 CET
    assertThat(two.matches(utc("2026-10-25T02:00:00Z"))).isFalse(); // 03:00 CET
  }

  @Test
  void matches_sameInstanceBackAndForthAcrossASwitch_keepsTheRightOffset() {
    TimeMatch nine = window("09:00", "10:00", List.of(), "Europe/Amsterdam");
    for (int i = 0; i < 3; i++) {
      assertThat(nine.matches(utc("2026-10-24T07:30:00Z"))).isTrue();  // 09:30 CEST
      assertThat(nine.matches(utc("2026-10-25T08:30:00Z"))).isTrue();  // 09:30 CET
      assertThat(nine.matches(utc("2026-10-25T07:30:00Z"))).isFalse(); // 08:30 CET
      assertThat(nine.matches(utc("2026-10-24T08:30:00Z"))).isFalse(); // 10:30 CEST
    }
  }

  @Test
  void matches_spanOverMidnight_belongsToTheDayItStarts() {
    TimeMatch friNight = window("22:00", "02:00", List.of("fri"), "Europe/Amsterdam");
    assertThat(friNight.matches(local("2026-12-11T21:59:00"))).isFalse(); // Friday
    assertThat(friNight.matches(local("2026-12-11T22:00:00"))).isTrue();
    assertThat(friNight.matches(local("2026-12-11T23:59:59"))).isTrue();
    assertThat(friNight.matches(local("2026-12-12T00:00:00"))).isTrue();  // Saturday, early
    assertThat(friNight.matches(local("2026-12-12T01:59:59"))).isTrue();
    assertThat(friNight.matches(local("2026-12-12T02:00:00"))).isFalse();
    assertThat(friNight.matches(local("2026-12-12T22:30:00"))).isFalse(); // Saturday night
    assertThat(friNight.matches(local("2026-12-11T01:00:00"))).isFalse(); // Thursday's night
  }

  @Test
  void matches_openEnds_coverTheRestOfTheDay() {
    TimeMatch evening = window("18:00", null, List.of(), "UTC");
    assertThat(evening.matches(utc("2026-12-07T23:59:59Z"))).isTrue();
    assertThat(evening.matches(utc("2026-12-08T00:00:00Z"))).isFalse();
    TimeMatch morning = window(null, "12:00", List.of(), "UTC");
    assertThat(morning.matches(utc("2026-12-08T00:00:00Z"))).isTrue();
    assertThat(morning.matches(utc("2026-12-08T12:00:00Z"))).isFalse();
    TimeMatch weekend = window(null, null, List.of("sat", "sun"), "Asia/Tokyo");
    assertThat(weekend.matches(utc("2026-12-11T15:00:00Z"))).isTrue();  // Saturday 00:00 in Tokyo
    assertThat(weekend.matches(utc("2026-12-11T14:59:59Z"))).isFalse(); // Friday in Tokyo
  }

  @Test
  void matches_invalidZoneOrTime_neverMatches() {
    assertThat(window("08:00", "18:00", List.of(), "Mars/Olympus").matches(utc("2026-12-07T12:00:00Z"))).isFalse();
    assertThat(window("8am", "18:00", List.of(), "UTC").matches(utc("2026-12-07T12:00:00Z"))).isFalse();
    assertThat(window("08:00", "25:00", List.of(), "UTC").matches(utc("2026-12-07T12:00:00Z"))).isFalse();
  }

  @Test
  void matches_endOfDay_is2400() {
    TimeMatch late = window("20:00", "24:00", List.of(), "UTC");
    assertThat(late.matches(utc("2026-12-07T23:59:59Z"))).isTrue();
    assertThat(late.matches(utc("2026-12-08T00:00:00Z"))).isFalse();
  }

  @Test
  void matches_fixedOffsetZone() {
    TimeMatch plus530 = window("09:00", "10:00", List.of(), "+05:30");
    assertThat(plus530.matches(utc("2026-12-07T03:30:00Z"))).isTrue();
    assertThat(plus530.matches(utc("2026-12-07T04:30:00Z"))).isFalse();
  }
}
