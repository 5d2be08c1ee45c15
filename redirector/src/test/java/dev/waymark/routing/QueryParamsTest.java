package dev.waymark.routing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class QueryParamsTest {

  @Test
  void has_decodedNamesAndValues() {
    QueryParams q = QueryParams.parse("utm_source=news%20letter&q=a+b&name%5B%5D=%C3%A9t%C3%A9");
    assertThat(q.has("utm_source", "news letter")).isTrue();
    assertThat(q.has("q", "a b")).isTrue();
    assertThat(q.has("name[]", "été")).isTrue();
    assertThat(q.has("q", "a+b")).isFalse();
  }

  @Test
  void has_star_asksOnlyForPresence() {
    QueryParams q = QueryParams.parse("ref&x=");
    assertThat(q.has("ref", "*")).isTrue();
    assertThat(q.has("ref", "")).isTrue();
    assertThat(q.has("x", "*")).isTrue();
    assertThat(q.has("y", "*")).isFalse();
  }

  @Test
  void has_anyOccurrenceOfARepeatedName() {
    QueryParams q = QueryParams.parse("a=1&a=2");
    assertThat(q.has("a", "1")).isTrue();
    assertThat(q.has("a", "2")).isTrue();
    assertThat(q.has("a", "3")).isFalse();
  }

  @Test
  void parse_keepsMalformedEscapesAndSkipsEmptyParts() {
    QueryParams q = QueryParams.parse("&&p=100%&r=%zz&s=%4&=v&");
    assertThat(q.has("p", "100%")).isTrue();
    assertThat(q.has("r", "%zz")).isTrue();
    assertThat(q.has("s", "%4")).isTrue();
    assertThat(q.has("", "v")).isTrue();
  }

  @Test
  void parse_noQuery_hasNothing() {
    assertThat(QueryParams.parse(null).has("a", "*")).isFalse();
    assertThat(QueryParams.parse("").has("a", "*")).isFalse();
  }

  @Test
  void parse_valueWithEquals_keepsTheRest() {
    assertThat(QueryParams.parse("t=a=b").has("t", "a=b")).isTrue();
  }
}
