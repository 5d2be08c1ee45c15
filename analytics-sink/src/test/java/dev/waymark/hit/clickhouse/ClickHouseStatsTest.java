package dev.waymark.hit.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.waymark.stats.ExportColumn;
import org.junit.jupiter.api.Test;

class ClickHouseStatsTest {

  @Test
  void unescape_tabSeparatedEscapes_giveTheStoredText() {
    assertThat(ClickHouseStats.unescape("o\\'brien\\\\cafe")).isEqualTo("o'brien\\cafe");
    assertThat(ClickHouseStats.unescape("a\\tb\\nc\\0")).isEqualTo("a\tb\nc\0");
    assertThat(ClickHouseStats.unescape("plain")).isEqualTo("plain");
  }

  @Test
  void unescape_backslashN_isNullButEscapedBackslashNIsText() {
    assertThat(ClickHouseStats.unescape("\\N")).isNull();
    assertThat(ClickHouseStats.unescape("\\\\N")).isEqualTo("\\N");
  }

  @Test
  void exportColumns_areEveryColumnOfHitsInTheTablesOrder() {
    assertThat(ExportColumn.ALL).extracting(ExportColumn::name).containsExactlyElementsOf(HitsSchema.COLUMNS);
  }
}
