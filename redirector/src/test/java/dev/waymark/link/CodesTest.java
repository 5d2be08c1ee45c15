package dev.waymark.link;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CodesTest {

  @Test
  void generate_givesSevenBase62Characters() {
    SplittableRandom random = new SplittableRandom(42);

    for (int i = 0; i < 1000; i++) {
      assertThat(Codes.generate(random)).matches("[0-9A-Za-z]{7}");
    }
  }

  @Test
  void generate_sameSeed_sameCodes() {
    assertThat(Codes.generate(new SplittableRandom(7)))
        .isEqualTo(Codes.generate(new SplittableRandom(7)));
  }

  @Test
  void generate_manyCodes_useTheWholeAlphabet() {
    SplittableRandom random = new SplittableRandom(1);
    Set<Character> seen = new HashSet<>();
    for (int i = 0; i < 2000; i++) {
      for (char c : Codes.generate(random).toCharArray()) {
        seen.add(c);
      }
    }

    assertThat(seen).hasSize(62);
  }

  @ParameterizedTest
  @ValueSource(strings = {"a", "Z9", "abc-DEF_123", "-", "_"})
  void isWellFormed_codeCharacters_true(String code) {
    assertThat(Codes.isWellFormed(code, 0, code.length())).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "a b", "a/b", "ä", "a.b", "a%20", "a?"})
  void isWellFormed_otherCharactersOrEmpty_false(String code) {
    assertThat(Codes.isWellFormed(code, 0, code.length())).isFalse();
  }

  @Test
  void isWellFormed_lengthLimit_64AllowedAnd65Not() {
    assertThat(Codes.isWellFormed("a".repeat(64), 0, 64)).isTrue();
    assertThat(Codes.isWellFormed("a".repeat(65), 0, 65)).isFalse();
  }

  @Test
  void isWellFormed_checksOnlyTheGivenRange() {
    assertThat(Codes.isWellFormed("/abc?x=1", 1, 4)).isTrue();
    assertThat(Codes.isWellFormed("/abc?x=1", 0, 4)).isFalse();
  }

  @Test
  void slugProblem_goodSlug_null() {
    assertThat(Codes.slugProblem("spring-sale_2027")).isNull();
  }

  @Test
  void slugProblem_empty_saysSo() {
    assertThat(Codes.slugProblem("")).isEqualTo("must not be empty");
  }

  @Test
  void slugProblem_tooLong_namesTheLength() {
    assertThat(Codes.slugProblem("a".repeat(65))).contains("64").contains("65");
  }

  @Test
  void slugProblem_badCharacter_namesTheAllowedOnes() {
    assertThat(Codes.slugProblem("a b")).contains("'-' and '_'");
  }

  @ParameterizedTest
  @ValueSource(strings = {"api", "ADMIN", "Health", "metrics", "qr", "static"})
  void slugProblem_reservedWordInAnyCase_isReserved(String slug) {
    assertThat(Codes.slugProblem(slug)).contains("reserved");
  }
}
