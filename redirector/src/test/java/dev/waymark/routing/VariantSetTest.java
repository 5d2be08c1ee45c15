package dev.waymark.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class VariantSetTest {

  static final int VISITORS = 10_000;

  /** Monthly visitor ids as the sink makes them: keyed hashes, so any 64-bit value; SplitMix64. */
  static long[] visitors(long seed, int n) {
    long[] ids = new long[n];
    long s = seed;
    for (int i = 0; i < n; i++) {
      s += 0x9e3779b97f4a7c15L;
      ids[i] = Hashing.fmix64(s);
    }
    return ids;
  }

  static List<Variant> variants(int... weights) {
    List<Variant> list = new ArrayList<>();
    for (int i = 0; i < weights.length; i++) {
      list.add(new Variant("v" + i, "https://example.com/" + i, weights[i]));
    }
    return list;
  }

  static double[] shares(VariantSet set, long[] ids) {
    double[] shares = new double[set.size()];
    for (long id : ids) {
      shares[set.index(id)] += 100.0 / ids.length;
    }
    return shares;
  }

  void assertWeightsHonoured(String code, int... weights) {
    VariantSet set = VariantSet.of(code, variants(weights), "");
    double total = 0;
    for (int w : weights) {
      total += w;
    }
    for (long seed = 1; seed <= 3; seed++) {
      double[] shares = shares(set, visitors(seed, VISITORS));
      for (int i = 0; i < weights.length; i++) {
        assertThat(shares[i]).as("variant %d of %s, seed %d", i, code, seed)
            .isCloseTo(100.0 * weights[i] / total, within(2.0));
      }
    }
  }

  @Test
  void assign_fiftyFifty_withinTwoPointsOverTenThousandVisitors() {
    assertWeightsHonoured("Ab3xY9k", 50, 50);
  }

  @Test
  void assign_seventyTwentyTen_withinTwoPoints() {
    assertWeightsHonoured("spring26", 70, 20, 10);
  }

  @Test
  void assign_tenEqualWeights_withinTwoPoints() {
    assertWeightsHonoured("q", 1, 1, 1, 1, 1, 1, 1, 1, 1, 1);
  }

  @Test
  void assign_skewedLargeWeights_withinTwoPoints() {
    assertWeightsHonoured("zz", 999_000, 1_000, 0);
  }

  @Test
  void assign_sameVisitor_sameVariantFromAFreshCompile() {
    long[] ids = visitors(7, 1000);
    VariantSet a = VariantSet.of("Ab3xY9k", variants(30, 30, 40), "");
    VariantSet b = VariantSet.of("Ab3xY9k", variants(30, 30, 40), "");
    for (long id : ids) {
      assertThat(b.index(id)).isEqualTo(a.index(id));
      assertThat(a.index(id)).isEqualTo(a.index(id));
    }
  }

  @Test
  void assign_isAFixedFunction_notSeededPerProcess() {
    // Pinned values: a change here reassigns every running test on upgrade; do it knowingly.
    VariantSet set = VariantSet.of("Ab3xY9k", variants(50, 50), "");
    int[] got = new int[8];
    long[] ids = visitors(42, 8);
    for (int i = 0; i < ids.length; i++) {
      got[i] = set.index(ids[i]);
    }
    assertThat(Hashing.of("Ab3xY9k")).isEqualTo(Hashing.of(new String("Ab3xY9k".toCharArray())));
    assertThat(got).containsExactly(PINNED);
  }

  static final int[] PINNED = {1, 1, 1, 0, 1, 0, 1, 1};

  @Test
  void assign_differentLinks_assignIndependently() {
    VariantSet a = VariantSet.of("linkA", variants(50, 50), "");
    VariantSet b = VariantSet.of("linkB", variants(50, 50), "");
    int same = 0;
    for (long id : visitors(3, VISITORS)) {
      same += a.index(id) == b.index(id) ? 1 : 0;
    }
    assertThat(same * 100.0 / VISITORS).isCloseTo(50.0, within(2.0));
  }

  @Test
  void assign_fiftyFiftyToSixtyForty_movesAboutTenPercentAllIntoTheHeavier() {
    VariantSet before = VariantSet.of("Ab3xY9k", variants(50, 50), "");
    VariantSet after = VariantSet.of("Ab3xY9k", variants(60, 40), "");
    int moved = 0;
    for (long id : visitors(11, VISITORS)) {
      int was = before.index(id);
      int is = after.index(id);
      if (was != is) {
        moved++;
        assertThat(is).as("a mover goes into the heavier variant").isEqualTo(0);
      }
    }
    assertThat(moved * 100.0 / VISITORS).isCloseTo(10.0, within(1.5));
  }

  @Test
  void assign_addingAVariant_onlyTakesVisitorsIntoIt() {
    VariantSet before = VariantSet.of("Ab3xY9k", variants(50, 50), "");
    VariantSet after = VariantSet.of("Ab3xY9k", variants(50, 50, 25), "");
    int moved = 0;
    for (long id : visitors(12, VISITORS)) {
      if (before.index(id) != after.index(id)) {
        moved++;
        assertThat(after.index(id)).isEqualTo(2);
      }
    }
    assertThat(moved * 100.0 / VISITORS).isCloseTo(20.0, within(2.0));
  }

  @Test
  void assign_removingAVariant_onlyMovesItsOwnVisitors() {
    VariantSet before = VariantSet.of("Ab3xY9k", variants(40, 30, 30), "");
    VariantSet after = VariantSet.of("Ab3xY9k", variants(40, 30), "");
    for (long id : visitors(13, VISITORS)) {
      if (before.index(id) != 2) {
        assertThat(after.index(id)).isEqualTo(before.index(id));
      }
    }
  }

  @Test
  void assign_reorderedList_movesNobody() {
    List<Variant> list = variants(20, 30, 50);
    VariantSet a = VariantSet.of("Ab3xY9k", list, "");
    VariantSet b = VariantSet.of("Ab3xY9k", List.of(list.get(2), list.get(0), list.get(1)), "");
    for (long id : visitors(14, 2000)) {
      assertThat(b.assign(id).variant()).isEqualTo(a.assign(id).variant());
    }
  }

  @Test
  void assign_weightZero_getsNobody() {
    VariantSet set = VariantSet.of("Ab3xY9k", variants(1, 0, 1), "");
    for (long id : visitors(15, VISITORS)) {
      assertThat(set.index(id)).isNotEqualTo(1);
    }
  }

  @Test
  void assign_allWeightsZero_assignsNoneAndUnassignedIsTheFirst() {
    VariantSet set = VariantSet.of("Ab3xY9k", variants(0, 0), "r1");
    assertThat(set.assign(123L)).isNull();
    assertThat(set.unassigned()).isEqualTo(
        new Decision(Decision.Kind.REDIRECT, "https://example.com/0", "", "r1", null));
  }

  @Test
  void assign_recordsVariantAndRule() {
    VariantSet set = VariantSet.of("Ab3xY9k", variants(0, 1), "promo");
    assertThat(set.assign(99L)).isEqualTo(
        new Decision(Decision.Kind.REDIRECT, "https://example.com/1", "v1", "promo", null));
  }

  @Test
  void unassigned_isTheHeaviestVariantWithNoVariantRecorded() {
    VariantSet set = VariantSet.of("Ab3xY9k", variants(10, 70, 70, 20), "2");
    assertThat(set.unassigned()).isEqualTo(
        new Decision(Decision.Kind.REDIRECT, "https://example.com/1", "", "2", null));
  }

  @Test
  void unit_staysInsideTheOpenInterval() {
    assertThat(Hashing.unit(0L)).isGreaterThan(0.0);
    assertThat(Hashing.unit(-1L)).isLessThan(1.0);
  }
}
