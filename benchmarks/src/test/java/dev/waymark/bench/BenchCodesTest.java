package dev.waymark.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BenchCodesTest {

  @Test
  void generate_givesDistinctSevenCharacterBase62Codes() {
    List<String> codes = BenchCodes.generate(20_000);

    assertThat(new HashSet<>(codes)).hasSize(20_000);
    assertThat(codes).allMatch(code -> code.matches("[0-9A-Za-z]{7}"));
    assertThat(BenchCodes.code(12_345)).isEqualTo(codes.get(12_345));
  }

  @Test
  void zipf_rankZeroIsTheMostPopular_andZeroExponentIsRoughlyUniform() {
    SplittableRandom random = new SplittableRandom(1);
    int[] zipf = new int[10];
    int[] uniform = new int[10];
    ZipfSampler skewed = new ZipfSampler(10, 1.0);
    ZipfSampler flat = new ZipfSampler(10, 0.0);
    for (int i = 0; i < 100_000; i++) {
      zipf[skewed.next(random)]++;
      uniform[flat.next(random)]++;
    }
    assertThat(zipf[0]).isGreaterThan(zipf[1]).isGreaterThan(2 * zipf[9]);
    for (int count : uniform) {
      assertThat(count).isBetween(9_000, 11_000);
    }
  }
}
