package dev.waymark.printrun;

import static org.assertj.core.api.Assertions.assertThat;

import dev.waymark.link.Codes;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class StableCodeTest {

  @Test
  void sameLinkAndKey_giveTheSameCode_everyTime() {
    assertThat(StableCode.of("spring", "poster-1")).isEqualTo(StableCode.of("spring", "poster-1"))
        .hasSize(StableCode.LENGTH);
  }

  @Test
  void code_changesWithTheLinkOrTheKey_andTheBoundaryBetweenThem() {
    Set<String> codes = Set.of(StableCode.of("spring", "poster-1"), StableCode.of("autumn", "poster-1"),
        StableCode.of("spring", "poster-2"), StableCode.of("sprin", "gposter-1"));
    assertThat(codes).hasSize(4);
  }

  @Test
  void codes_areValidSlugsLongerThanGeneratedOnes_andDoNotCollideAcrossAHundredThousandKeys() {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 100_000; i++) {
      String code = StableCode.of("campaign", "row-" + i);
      assertThat(Codes.slugProblem(code)).as(code).isNull();
      seen.add(code);
    }
    assertThat(seen).hasSize(100_000);
    assertThat(StableCode.LENGTH).isGreaterThan(Codes.GENERATED_LENGTH);
  }

  @Test
  void code_isFixed_soAnUpgradeCannotOrphanTouchpointsOfEarlierRuns() {
    // Changing the derivation would make every re-run create duplicates: this pins it.
    assertThat(StableCode.of("spring", "k176")).isEqualTo("c5jKct2aqD");
  }
}
