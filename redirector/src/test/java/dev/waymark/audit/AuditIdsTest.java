package dev.waymark.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class AuditIdsTest {

  @Test
  void ids_inOneMillisecond_sortInTheOrderTheyWereMade() {
    AuditIds ids = new AuditIds(Clock.fixed(Instant.parse("2026-12-01T10:00:00Z"), ZoneOffset.UTC),
        RandomGenerator.of("L64X128MixRandom"));
    List<String> made = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      made.add(ids.next().id());
    }
    assertThat(made).isSorted().doesNotHaveDuplicates().allMatch(AuditIds::isWellFormed);
  }

  @Test
  void prefix_separatesIdsMadeBeforeFromIdsMadeAtOrAfter() {
    Instant t = Instant.parse("2026-12-01T10:00:00.005Z");
    String before = new AuditIds(Clock.fixed(t.minusMillis(1), ZoneOffset.UTC), RandomGenerator.of("L64X128MixRandom"))
        .next().id();
    String at = new AuditIds(Clock.fixed(t, ZoneOffset.UTC), RandomGenerator.of("L64X128MixRandom")).next().id();
    assertThat(before).isLessThan(AuditIds.prefix(t));
    assertThat(at).isGreaterThanOrEqualTo(AuditIds.prefix(t));
  }
}
