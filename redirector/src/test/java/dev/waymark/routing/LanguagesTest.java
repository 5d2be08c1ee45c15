package dev.waymark.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class LanguagesTest {

  static String first(String header) {
    long choice = Languages.firstChoice(header);
    return choice == Languages.NONE ? null : header.substring((int) (choice >>> 32), (int) choice);
  }

  static boolean matches(List<String> rule, String header) {
    return Languages.of(rule).matches(header, Languages.firstChoice(header));
  }

  @Test
  void firstChoice_highestQ_firstOnTies() {
    assertThat(first("nl-BE,nl;q=0.9,en;q=0.8")).isEqualTo("nl-BE");
    assertThat(first("en;q=0.5, de;q=0.9, fr;q=0.9")).isEqualTo("de");
    assertThat(first("fr;q=0.3, nl")).isEqualTo("nl");
    assertThat(first("  da ,en-GB;q=0.8")).isEqualTo("da");
    assertThat(first("en;Q=0.2, pt-BR;q=1.000")).isEqualTo("pt-BR");
    assertThat(first("de; foo=bar; q=0.7, es;q=0.6")).isEqualTo("de");
  }

  @Test
  void firstChoice_ignoresWildcardZeroQAndMalformedParts() {
    assertThat(first("*, nl;q=0.5")).isEqualTo("nl");
    assertThat(first("en;q=0, fr;q=0.1")).isEqualTo("fr");
    assertThat(first("en;q=2, fr;q=0.1")).isEqualTo("fr");
    assertThat(first("en;q=abc, fr;q=0.1")).isEqualTo("fr");
    assertThat(first("en;q=0.1234, fr;q=0.1")).isEqualTo("fr");
    assertThat(first("e_n, 12, toolongtag, -x, fr;q=0.1")).isEqualTo("fr");
    assertThat(first("")).isNull();
    assertThat(first(",,;")).isNull();
    assertThat(first("*")).isNull();
  }

  @Test
  void matches_primaryTag_anyRegion() {
    assertThat(matches(List.of("nl"), "nl")).isTrue();
    assertThat(matches(List.of("nl"), "nl-NL,en")).isTrue();
    assertThat(matches(List.of("nl"), "NL-be")).isTrue();
    assertThat(matches(List.of("nl"), "en,nl")).isFalse();
    assertThat(matches(List.of("nl"), "nb")).isFalse();
    assertThat(matches(List.of("nl"), "nld")).isFalse();
  }

  @Test
  void matches_regionTag_onlyThatRegion() {
    assertThat(matches(List.of("nl-BE"), "nl-BE")).isTrue();
    assertThat(matches(List.of("nl-BE"), "nl-be;q=0.9")).isTrue();
    assertThat(matches(List.of("nl-BE"), "nl")).isFalse();
    assertThat(matches(List.of("nl-BE"), "nl-NL")).isFalse();
    assertThat(matches(List.of("zh-TW"), "zh-Hant-TW")).isTrue();
    assertThat(matches(List.of("es-419"), "es-419")).isTrue();
  }

  @Test
  void matches_anyOfTheList() {
    assertThat(matches(List.of("de", "nl-BE", "fr"), "fr-CA")).isTrue();
    assertThat(matches(List.of("de", "nl-BE"), "nl-NL")).isFalse();
  }

  @Test
  void matches_noAcceptableLanguage_matchesNothing() {
    assertThat(matches(List.of("en"), "")).isFalse();
    assertThat(matches(List.of("en"), "*")).isFalse();
  }

  @Test
  void of_emptyList_isNoCondition() {
    assertThat(Languages.of(List.of())).isNull();
  }
}
