package dev.waymark.stats;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SqlDialectTest {

  @Test
  void quote_clickHouse_escapesQuoteAndBackslash() {
    assertThat(SqlDialect.CLICKHOUSE.quote("o'brien\\cafe")).isEqualTo("'o\\'brien\\\\cafe'");
    assertThat(SqlDialect.CLICKHOUSE.quote("\\'")).isEqualTo("'\\\\\\''");
    assertThat(SqlDialect.CLICKHOUSE.quote("")).isEqualTo("''");
  }

  @Test
  void quote_duckDb_doublesQuoteAndKeepsBackslash() {
    assertThat(SqlDialect.DUCKDB.quote("o'brien\\cafe")).isEqualTo("'o''brien\\cafe'");
    assertThat(SqlDialect.DUCKDB.quote("''")).isEqualTo("''''''");
  }

  @Test
  void quote_controlCharacter_matchesNothingSoNoLiteral() {
    for (SqlDialect d : SqlDialect.values()) {
      assertThat(d.quote("a\nb")).isNull();
      assertThat(d.quote("a\u0000")).isNull();
      assertThat(d.quote("\u007f")).isNull();
    }
  }

  @Test
  void quote_unicode_keptAsIs() {
    assertThat(SqlDialect.CLICKHOUSE.quote("café ☕ 😀")).isEqualTo("'café ☕ 😀'");
  }
}
