package dev.waymark.hit.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ServerVersionTest {

  static final String SQL = HitsSchema.insertSql("waymark.hits");

  static List<Integer> migrationVersions(String server) {
    return HitsSchema.migrations("waymark", ServerVersion.parse(server)).stream().map(Migration::version).toList();
  }

  @Test
  void insertParameters_18_16_carryQueryIdAndSmallQuerySizeButNoToken() {
    assertThat(ClickHouseWriter.insertParameters(SQL, "waymark-batch-b", "b", ServerVersion.parse("18.16.1")))
        .containsOnlyKeys("query_id", "max_query_size")
        .containsEntry("query_id", "waymark-batch-b")
        .containsEntry("max_query_size", String.valueOf(SQL.length() + 64));
  }

  @Test
  void insertParameters_beforeAndFrom22_2_addTheDeduplicationTokenOnlyFromThere() {
    assertThat(ClickHouseWriter.insertParameters(SQL, "q", "b", ServerVersion.parse("22.1.3.7")))
        .doesNotContainKey("insert_deduplication_token");
    assertThat(ClickHouseWriter.insertParameters(SQL, "q", "b", ServerVersion.parse("22.2.2.1")))
        .containsEntry("insert_deduplication_token", "b");
    assertThat(ClickHouseWriter.insertParameters(SQL, "q", "b", ServerVersion.parse("25.8.1.1")))
        .containsEntry("insert_deduplication_token", "b");
  }

  @Test
  void migrations_deduplicationWindowOnlyOnServersWithTheToken_soAnUpgradeStillRunsIt() {
    // Conversions (5) do not wait for the window: an upgraded server then runs 4 after 5.
    assertThat(migrationVersions("18.16.1")).containsExactly(1, 2, 3, 5, 6, 7, 8);
    assertThat(migrationVersions("21.12.4")).containsExactly(1, 2, 3, 5, 6, 7, 8);
    assertThat(migrationVersions("22.2.1")).containsExactly(1, 2, 3, 4, 5, 6, 7, 8);
    assertThat(HitsSchema.migrations("waymark", ServerVersion.parse("24.3")).get(3).statements())
        .containsExactly("ALTER TABLE waymark.hits MODIFY SETTING non_replicated_deduplication_window = 10000");
  }

  @Test
  void queryId_isTheSameForEveryAttemptOfABatch() {
    var id = java.util.UUID.randomUUID();
    assertThat(ClickHouseWriter.queryId(id)).isEqualTo(ClickHouseWriter.queryId(id)).isEqualTo("waymark-batch-" + id);
  }

  @Test
  void serverCode_readsTheCodeOfOldAndCurrentServersAnswers() {
    assertThat(new ClickHouseException("HTTP 500: Code: 216, e.displayText() = DB::Exception: Query with id = x is"
        + " already running., e.what() = DB::Exception", 500, true, null).serverCode()).isEqualTo(216);
    assertThat(new ClickHouseException("HTTP 500: Code: 216. DB::Exception: Query with id = x is already running."
        + " (QUERY_WITH_SAME_ID_IS_ALREADY_RUNNING)", 500, true, null).serverCode()).isEqualTo(216);
    assertThat(new ClickHouseException("exchange broke", 0, true, null).serverCode()).isZero();
  }
}
