package dev.waymark.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.waymark.hit.HitRow;
import dev.waymark.hit.Traffic;
import dev.waymark.journey.Stage;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class StatsBenchTest {

  @Test
  void percentileIsNearestRank() {
    double[] sorted = new double[20];
    for (int i = 0; i < 20; i++) {
      sorted[i] = i + 1;
    }
    assertThat(StatsBench.percentile(sorted, 0.50)).isEqualTo(10);
    assertThat(StatsBench.percentile(sorted, 0.95)).isEqualTo(19);
    assertThat(StatsBench.percentile(new double[] {7}, 0.95)).isEqualTo(7);
  }

  @Test
  void hitsStayInTheRangeAndJourneysMoveAlongTheStages() {
    long from = 1_700_000_000L;
    StatsBench.HitMix mix = new StatsBench.HitMix(from, 1, 1_000);
    UUID batch = UUID.randomUUID();
    int human = 0;
    int later = 0;
    for (int i = 0; i < 10_000; i++) {
      HitRow row = mix.next(batch);
      assertThat(row.ts()).isBetween(from, from + StatsBench.DAYS * 86_400L - 1);
      assertThat(row.linkCode()).matches("l\\d{1,3}");
      human += row.traffic() == Traffic.HUMAN ? 1 : 0;
      later += row.stage() != Stage.AWARENESS ? 1 : 0;
      if (!row.touchpointCode().isEmpty()) {
        int tp = Integer.parseInt(row.touchpointCode().substring(1));
        assertThat(tp / StatsBench.TOUCHPOINTS_PER_LINK).isEqualTo(Integer.parseInt(row.linkCode().substring(1)));
        assertThat(Stage.JOURNEY.get(tp % StatsBench.TOUCHPOINTS_PER_LINK)).isEqualTo(row.stage());
      }
    }
    assertThat(human).isBetween(8_500, 9_700);
    assertThat(later).isBetween(2_000, 6_000);
  }
}
