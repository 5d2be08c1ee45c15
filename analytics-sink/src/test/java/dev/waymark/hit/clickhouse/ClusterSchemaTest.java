package dev.waymark.hit.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClusterSchemaTest {

  private static final ServerVersion OLD = new ServerVersion(18, 16);
  private static final ServerVersion CURRENT = new ServerVersion(24, 8);
  private final ClusterSchema shards = new ClusterSchema("waymark", "waymark", false);
  private final ClusterSchema replicas = new ClusterSchema("waymark", "waymark", true);

  /** Migrations 1 to 6 for one server, as they were before clusters existed (a file of that time). */
  @Test
  void singleServer_ddlOfMigrationsOneToSix_unchangedByteForByte() throws IOException {
    StringBuilder now = new StringBuilder();
    for (ServerVersion v : List.of(OLD, CURRENT)) {
      now.append("-- server ").append(v.major()).append('.').append(v.minor()).append('\n');
      for (Migration m : HitsSchema.migrations("waymark", v)) {
        if (m.version() <= 6) {
          now.append("-- ").append(m.version()).append(' ').append(m.description()).append('\n');
          m.statements().forEach(s -> now.append(s).append(";\n"));
        }
      }
    }
    try (InputStream golden = getClass().getResourceAsStream("single-server-schema.sql")) {
      assertThat(now.toString()).isEqualTo(new String(golden.readAllBytes(), StandardCharsets.UTF_8));
    }
  }

  @Test
  void table_becomesLocalOnEveryServer_behindADistributedTableShardedByBatch() {
    List<String> out = shards.statements("CREATE TABLE IF NOT EXISTS waymark.hits (\n  ts DateTime('UTC')\n)"
        + " ENGINE = MergeTree() PARTITION BY toYYYYMM(ts) ORDER BY (campaign, ts)");
    assertThat(out).containsExactly(
        "CREATE TABLE IF NOT EXISTS waymark.hits_local ON CLUSTER waymark (\n  ts DateTime('UTC')\n)"
            + " ENGINE = MergeTree() PARTITION BY toYYYYMM(ts) ORDER BY (campaign, ts)",
        "CREATE TABLE IF NOT EXISTS waymark.hits ON CLUSTER waymark AS waymark.hits_local"
            + " ENGINE = Distributed(waymark, waymark, hits_local, cityHash64(toString(batch_id)))");
  }

  @Test
  void rollupView_readsTheLocalHits_andIsReadThroughADistributedTableSpreadAtRandom() {
    List<String> out = shards.statements("CREATE MATERIALIZED VIEW IF NOT EXISTS waymark.hits_counts"
        + " ENGINE = SummingMergeTree() PARTITION BY toYYYYMM(day) ORDER BY (day, campaign)"
        + " AS SELECT toDate(ts) AS day, campaign, count() AS hits FROM waymark.hits GROUP BY day, campaign");
    assertThat(out).containsExactly(
        "CREATE MATERIALIZED VIEW IF NOT EXISTS waymark.hits_counts_local ON CLUSTER waymark"
            + " ENGINE = SummingMergeTree() PARTITION BY toYYYYMM(day) ORDER BY (day, campaign)"
            + " AS SELECT toDate(ts) AS day, campaign, count() AS hits FROM waymark.hits_local GROUP BY day, campaign",
        "CREATE TABLE IF NOT EXISTS waymark.hits_counts ON CLUSTER waymark AS waymark.hits_counts_local"
            + " ENGINE = Distributed(waymark, waymark, hits_counts_local, rand())");
  }

  /** A rollup written as its own table, a view feeding it and a backfill: each has its form. */
  @Test
  void rollupAsTableViewAndBackfill_eachHasItsClusterForm() {
    List<String> out = shards.statements(List.of(
        "CREATE TABLE IF NOT EXISTS waymark.hits_counts (day Date, hits UInt64) ENGINE = SummingMergeTree()"
            + " ORDER BY day",
        "CREATE MATERIALIZED VIEW IF NOT EXISTS waymark.hits_counts_feed TO waymark.hits_counts"
            + " AS SELECT toDate(ts) AS day, count() AS hits FROM waymark.hits GROUP BY day",
        "INSERT INTO waymark.hits_counts SELECT toDate(ts) AS day, count() AS hits FROM waymark.hits"
            + " WHERE ts < toDateTime(1700000000) GROUP BY day"));
    assertThat(out).containsExactly(
        "CREATE TABLE IF NOT EXISTS waymark.hits_counts_local ON CLUSTER waymark (day Date, hits UInt64)"
            + " ENGINE = SummingMergeTree() ORDER BY day",
        "CREATE TABLE IF NOT EXISTS waymark.hits_counts ON CLUSTER waymark AS waymark.hits_counts_local"
            + " ENGINE = Distributed(waymark, waymark, hits_counts_local, rand())",
        "CREATE MATERIALIZED VIEW IF NOT EXISTS waymark.hits_counts_feed_local ON CLUSTER waymark"
            + " TO waymark.hits_counts_local AS SELECT toDate(ts) AS day, count() AS hits FROM waymark.hits_local"
            + " GROUP BY day",
        "INSERT INTO waymark.hits_counts SELECT toDate(ts) AS day, count() AS hits FROM waymark.hits"
            + " WHERE ts < toDateTime(1700000000) GROUP BY day");
  }

  @Test
  void replicas_makeEveryMergeTreeEngineReplicated_underTheShardMacro() {
    assertThat(replicas.statements("CREATE TABLE IF NOT EXISTS waymark.conversions (x UInt8)"
        + " ENGINE = ReplacingMergeTree() ORDER BY x").get(0))
        .isEqualTo("CREATE TABLE IF NOT EXISTS waymark.conversions_local ON CLUSTER waymark (x UInt8) ENGINE ="
            + " ReplicatedReplacingMergeTree('/clickhouse/tables/{shard}/waymark/conversions_local', '{replica}')"
            + " ORDER BY x");
    assertThat(replicas.statements("CREATE MATERIALIZED VIEW IF NOT EXISTS waymark.s ENGINE = SummingMergeTree(hits)"
        + " ORDER BY k AS SELECT k, count() AS hits FROM waymark.hits GROUP BY k").get(0))
        .contains("ENGINE = ReplicatedSummingMergeTree('/clickhouse/tables/{shard}/waymark/s_local', '{replica}', hits)")
        .contains("FROM waymark.hits_local");
  }

  @Test
  void deduplicationWindow_isTheReplicatedOneWithReplicas() {
    String window = "ALTER TABLE waymark.hits MODIFY SETTING non_replicated_deduplication_window = 10000";
    assertThat(shards.statements(window)).containsExactly(
        "ALTER TABLE waymark.hits_local ON CLUSTER waymark MODIFY SETTING non_replicated_deduplication_window = 10000");
    assertThat(replicas.statements(window)).containsExactly(
        "ALTER TABLE waymark.hits_local ON CLUSTER waymark MODIFY SETTING replicated_deduplication_window = 10000");
  }

  @Test
  void viewWithTo_storesNothing_soGetsNoDistributedTable() {
    assertThat(shards.statements("CREATE MATERIALIZED VIEW IF NOT EXISTS waymark.hits_sample_feed TO"
        + " waymark.hits_sample AS SELECT * FROM waymark.hits WHERE visitor_month % 16 = 0"))
        .containsExactly("CREATE MATERIALIZED VIEW IF NOT EXISTS waymark.hits_sample_feed_local ON CLUSTER waymark"
            + " TO waymark.hits_sample_local AS SELECT * FROM waymark.hits_local WHERE visitor_month % 16 = 0");
  }

  @Test
  void backfill_runsThroughTheDistributedTables_withGlobalSubqueries() {
    assertThat(shards.statements("INSERT INTO waymark.hits_sample SELECT * FROM waymark.hits WHERE v % 16 = 0"
        + " AND hit_id NOT IN (SELECT hit_id FROM waymark.hits_sample)"))
        .containsExactly("INSERT INTO waymark.hits_sample SELECT * FROM waymark.hits WHERE v % 16 = 0"
            + " AND hit_id GLOBAL NOT IN (SELECT hit_id FROM waymark.hits_sample)");
  }

  @Test
  void alterAndDatabase_runOnEveryServer() {
    assertThat(shards.statements("ALTER TABLE waymark.hits DELETE WHERE batch_id = toUUID('x')"))
        .containsExactly("ALTER TABLE waymark.hits_local ON CLUSTER waymark DELETE WHERE batch_id = toUUID('x')");
    assertThat(shards.statements("CREATE DATABASE IF NOT EXISTS waymark"))
        .containsExactly("CREATE DATABASE IF NOT EXISTS waymark ON CLUSTER waymark");
  }

  @Test
  void addedColumn_goesToTheLocalTablesThenToTheDistributedOne_inTheMigrationsOrder() {
    Migration rule = HitsSchema.migrations("waymark", OLD).stream().filter(m -> m.version() == 8).findFirst().orElseThrow();
    assertThat(replicas.statements(rule.statements())).containsExactly(
        "ALTER TABLE waymark.hits_sample_local ON CLUSTER waymark ADD COLUMN rule String DEFAULT ''",
        "ALTER TABLE waymark.hits_sample ON CLUSTER waymark ADD COLUMN rule String DEFAULT ''",
        "ALTER TABLE waymark.hits_local ON CLUSTER waymark ADD COLUMN rule String DEFAULT ''",
        "ALTER TABLE waymark.hits ON CLUSTER waymark ADD COLUMN rule String DEFAULT ''",
        "ALTER TABLE waymark.conversions_local ON CLUSTER waymark ADD COLUMN rule String DEFAULT ''",
        "ALTER TABLE waymark.conversions ON CLUSTER waymark ADD COLUMN rule String DEFAULT ''");
    assertThat(HitsSchema.migrations("waymark", CURRENT)).filteredOn(m -> m.version() == 8)
        .extracting(Migration::statements).containsExactly(rule.statements());
  }

  @Test
  void everyMigration_hasAClusterForm_thatNamesOnlyLocalTablesInItsDdl() {
    for (ServerVersion v : List.of(OLD, CURRENT)) {
      for (ClusterSchema cluster : List.of(shards, replicas)) {
        List<String> all = new ArrayList<>();
        HitsSchema.migrations("waymark", v).forEach(m -> all.addAll(cluster.statements(m.statements())));
        for (int i = 0; i < all.size(); i++) {
          String s = all.get(i);
          if (s.startsWith("INSERT")) {
            assertThat(s).doesNotContain("_local");
            assertThat(s.replaceAll("GLOBAL (NOT )?IN \\(SELECT", "")).doesNotContain("IN (SELECT");
          } else if (s.contains("ENGINE = Distributed(")) {
            assertThat(s).matches("CREATE TABLE IF NOT EXISTS waymark\\.(\\w+) ON CLUSTER waymark AS waymark\\.\\1_local"
                + " ENGINE = Distributed\\(waymark, waymark, \\1_local, .+\\)");
          } else if (s.matches("ALTER TABLE waymark\\.\\w+ ON CLUSTER waymark ADD COLUMN .+") && !s.contains("_local ON")) {
            assertThat(all.get(i - 1)).as("the local tables first").isEqualTo(s.replaceFirst(" ON", "_local ON"));
          } else {
            assertThat(s).contains(" ON CLUSTER waymark")
                .doesNotContainPattern("waymark\\.(?!\\w+_local\\b)\\w+");
            if (cluster == replicas) {
              assertThat(s).doesNotContainPattern("ENGINE = (?!Replicated)\\w*MergeTree");
            }
          }
        }
      }
    }
  }

  @Test
  void statementOfAnotherShape_isRefusedRatherThanRunOnOneServer() {
    assertThatThrownBy(() -> shards.statements("DROP TABLE waymark.hits"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no cluster form");
    assertThatThrownBy(() -> shards.statements("CREATE VIEW IF NOT EXISTS waymark.v AS SELECT 1"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> shards.statements("CREATE TABLE IF NOT EXISTS other.hits (x UInt8) ENGINE = Log"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
