package dev.waymark.routing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class QueryParamsTest {

  /** As a rule asks: {@code "*"} for presence. */
  static boolean has(String rawQuery, String name, String value) {
    return QueryParams.has(rawQuery, QueryParams.index(rawQuery), QueryParams.utf8(name),
        value.equals("*") ? null : QueryParams.utf8(value));
  }

  @Test
  void has_decodedNamesAndValues() {
    String q = "utm_source=news%20letter&q=a+b&name%5B%5D=%C3%A9t%C3%A9&x=%e2%82%ac";
    assertThat(has(q, "utm_source", "news letter")).isTrue();
    assertThat(has(q, "q", "a b")).isTrue();
    assertThat(has(q, "name[]", "été")).isTrue();
    assertThat(has(q, "x", "€")).isTrue();
    assertThat(has(q, "q", "a+b")).isFalse();
    assertThat(has(q, "q", "a")).isFalse();
    assertThat(has(q, "q", "a bc")).isFalse();
    assertThat(has(q, "utm", "*")).isFalse();
  }

  @Test
  void has_textSentUnencoded_comparedAsUtf8() {
    assertThat(has("city=Zürich&emoji=😀&yen=¥", "city", "Zürich")).isTrue();
    assertThat(has("city=Zürich&emoji=😀&yen=¥", "emoji", "😀")).isTrue();
    assertThat(has("city=Zürich&emoji=😀&yen=¥", "yen", "¥")).isTrue();
    assertThat(has("city=Zürich", "city", "Zurich")).isFalse();
  }

  @Test
  void has_star_asksOnlyForPresence() {
    assertThat(has("ref&x=", "ref", "*")).isTrue();
    assertThat(has("ref&x=", "ref", "")).isTrue();
    assertThat(has("ref&x=", "x", "*")).isTrue();
    assertThat(has("ref&x=", "x", "")).isTrue();
    assertThat(has("ref&x=", "y", "*")).isFalse();
  }

  @Test
  void has_anyOccurrenceOfARepeatedName() {
    assertThat(has("a=1&a=2", "a", "1")).isTrue();
    assertThat(has("a=1&a=2", "a", "2")).isTrue();
    assertThat(has("a=1&a=2", "a", "3")).isFalse();
  }

  @Test
  void has_keepsMalformedEscapesAndSkipsEmptyParts() {
    String q = "&&p=100%&r=%zz&s=%4&=v&";
    assertThat(has(q, "p", "100%")).isTrue();
    assertThat(has(q, "r", "%zz")).isTrue();
    assertThat(has(q, "s", "%4")).isTrue();
    assertThat(has(q, "", "v")).isTrue();
  }

  @Test
  void has_noQuery_hasNothing() {
    assertThat(QueryParams.index(null)).isSameAs(QueryParams.NONE);
    assertThat(has("", "a", "*")).isFalse();
    assertThat(QueryParams.has(null, QueryParams.NONE, QueryParams.utf8("a"), null)).isFalse();
  }

  @Test
  void has_valueWithEquals_keepsTheRest() {
    assertThat(has("t=a=b", "t", "a=b")).isTrue();
  }

  @Test
  void index_threeIntsPerParameter() {
    assertThat(QueryParams.index("a=1&&bb")).containsExactly(0, 1, 3, 5, 7, 7, -1, 0, 0);
  }
}
