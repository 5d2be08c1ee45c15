package dev.waymark.hit.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MigrationsIT {

  ClickHouseConfig config;
  ClickHouseHttp http;

  // A database per test: one test asserts what a first migration on an empty server does.
  @BeforeEach
  void database() {
    config = TestClickHouse.freshDatabase("migrations");
    http = new ClickHouseHttp(config);
  }

  @AfterEach
  void dropDatabase() throws Exception {
    TestClickHouse.drop(config);
  }

  @Test
  void migrate_emptyServer_createsContractTablesAndIsIdempotent() throws Exception {
    Migrations migrations = new Migrations(http, Clock.systemUTC());
    assertThat(migrations.migrate()).containsExactly(1, 2, 3, 5, 6, 7, 8);
    assertThat(migrations.migrate()).isEmpty();
    assertThat(migrations.applied()).containsExactlyInAnyOrder(1, 2, 3, 5, 6, 7, 8);

    String columns = http.execute("SELECT name, type FROM system.columns WHERE database = '"
        + config.database() + "' AND table = 'hits' FORMAT TabSeparated").replace("\\'", "'");
    assertThat(columns.lines().map(l -> l.split("\t")[0])).containsExactlyElementsOf(HitsSchema.COLUMNS);
    assertThat(columns).contains("ts\tDateTime('UTC')", "hit_id\tUUID", "batch_id\tUUID",
        "is_qr\tUInt8", "status\tUInt16", "visitor\tUInt64", "visitor_month\tUInt64",
        "received_at\tDateTime('UTC')", "rule\tString");
    assertThat(columns).containsPattern("stage\tEnum8\\('unknown' = 0, 'awareness' = 1, 'consideration' = 2, "
        + "'conversion' = 3, 'service' = 4, 'loyalty' = 5\\)");
    assertThat(columns).containsPattern("traffic\tEnum8\\('human' = 0, 'bot' = 1, 'preview' = 2\\)");
    assertThat(columns).containsPattern("campaign\t(LowCardinality\\()?String");

    String tables = http.execute("SELECT name FROM system.tables WHERE database = '"
        + config.database() + "' FORMAT TabSeparated");
    assertThat(tables.lines()).contains("hits", "hits_daily", "hits_hourly", "conversions", "schema_migrations",
        "hits_sample", "hits_sample_feed", "hits_counts", "hits_counts_feed", "hits_counts_since");

    String conversions = http.execute("SELECT name, type FROM system.columns WHERE database = '"
        + config.database() + "' AND table = 'conversions' FORMAT TabSeparated").replace("\\'", "'");
    assertThat(conversions.lines().map(l -> l.split("\t")[0])).containsExactlyElementsOf(HitsSchema.CONVERSION_STORED_COLUMNS);
    assertThat(conversions).contains("hit_id\tUUID", "type\tString", "conversion_id\tString",
        "value_micros\tInt64", "currency\tString", "reported_at\tDateTime('UTC')");
    assertThat(conversions).containsPattern("traffic\tEnum8\\('human' = 0, 'bot' = 1, 'preview' = 2\\)");
    assertThat(http.queryValue("SELECT engine FROM system.tables WHERE database = '" + config.database()
        + "' AND name = 'conversions'")).isEqualTo("ReplacingMergeTree");
  }

  @Test
  void migrate_rollupViews_followInsertedRows() throws Exception {
    new Migrations(http, Clock.systemUTC()).migrate();
    var rows = dev.waymark.hit.TestHits.rows(java.util.UUID.randomUUID(), 50);
    dev.waymark.hit.TestHits.deliver(new ClickHouseWriter(http), rows, rows.get(0).batchId(), 0);
    String db = config.database();
    assertThat(http.queryValue("SELECT countMerge(hits) FROM " + db + ".hits_daily")).isEqualTo("50");
    assertThat(http.queryValue("SELECT uniqMerge(visitors) FROM " + db + ".hits_daily")).isEqualTo("50");
    assertThat(http.queryValue("SELECT sum(hits) FROM " + db + ".hits_hourly")).isEqualTo("50");
    assertThat(http.queryValue("SELECT count() FROM " + db + ".hits_sample")).as("the 1-in-16 draw")
        .isEqualTo(http.queryValue("SELECT count() FROM " + db + ".hits WHERE visitor_month % 16 = 0"));
    assertThat(http.queryValue("SELECT sum(hits) FROM " + db + ".hits_counts")).isEqualTo("50");
    assertThat(http.queryValue("SELECT sumIf(hits, is_qr = 1) FROM " + db + ".hits_counts"))
        .isEqualTo(http.queryValue("SELECT sum(is_qr) FROM " + db + ".hits"));
    assertThat(http.queryValue("SELECT toUInt16(max(since)) FROM " + db + ".hits_counts_since"))
        .as("made on an empty hits table: it holds every hit, from day 0").isEqualTo("0");
  }

  @Test
  void migrate_countsRollup_onAHitsTableWithRows_holdsAllFromTheNextDay() throws Exception {
    Migrations migrations = new Migrations(http, Clock.systemUTC());
    migrations.migrate();
    String db = config.database();
    // As a database from before the rollup: hits in, its tables gone, version 7 forgotten.
    for (String table : new String[] {"hits_counts_feed", "hits_counts", "hits_counts_since"}) {
      http.execute("DROP TABLE " + db + "." + table);
    }
    http.execute("ALTER TABLE " + db + ".schema_migrations DELETE WHERE version = 7");
    var before = dev.waymark.hit.TestHits.rows(java.util.UUID.randomUUID(), 20);
    dev.waymark.hit.TestHits.deliver(new ClickHouseWriter(http), before, before.get(0).batchId(), 0);
    await().atMost(java.time.Duration.ofSeconds(10)).until(() -> !migrations.applied().contains(7));
    assertThat(migrations.migrate()).containsExactly(7);
    assertThat(http.queryValue("SELECT max(since) FROM " + db + ".hits_counts_since"))
        .as("the hits stored before it are not in it: it holds all from tomorrow (UTC)")
        .isEqualTo(java.time.LocalDate.now(java.time.ZoneOffset.UTC).plusDays(1).toString());
    var after = dev.waymark.hit.TestHits.rows(java.util.UUID.randomUUID(), 30);
    dev.waymark.hit.TestHits.deliver(new ClickHouseWriter(http), after, after.get(0).batchId(), 0);
    assertThat(http.queryValue("SELECT sum(hits) FROM " + db + ".hits_counts")).isEqualTo("30");
  }

  @Test
  void migrate_sampleTable_takesInTheHitsStoredBeforeIt_once() throws Exception {
    Migrations migrations = new Migrations(http, Clock.systemUTC());
    migrations.migrate();
    String db = config.database();
    // As a database from before the sample table: hits in, the table and its feed gone, version 6 forgotten.
    http.execute("DROP TABLE " + db + ".hits_sample_feed");
    http.execute("DROP TABLE " + db + ".hits_sample");
    http.execute("ALTER TABLE " + db + ".schema_migrations DELETE WHERE version = 6");
    var rows = dev.waymark.hit.TestHits.rows(java.util.UUID.randomUUID(), 200);
    dev.waymark.hit.TestHits.deliver(new ClickHouseWriter(http), rows, rows.get(0).batchId(), 0);
    String drawn = http.queryValue("SELECT count() FROM " + db + ".hits WHERE visitor_month % 16 = 0");
    assertThat(Long.parseLong(drawn)).as("the test rows reach the draw").isPositive();
    await().atMost(java.time.Duration.ofSeconds(10)).until(() -> !migrations.applied().contains(6));
    assertThat(migrations.migrate()).containsExactly(6);
    assertThat(http.queryValue("SELECT count() FROM " + db + ".hits_sample")).isEqualTo(drawn);
    // A rerun of its statements (a crash before it was recorded) copies nothing twice.
    for (String statement : HitsSchema.migrations(db, migrations.server()).stream()
        .filter(m -> m.version() == 6).findFirst().orElseThrow().statements()) {
      http.execute(statement);
    }
    assertThat(http.queryValue("SELECT count() FROM " + db + ".hits_sample")).isEqualTo(drawn);
  }

  /**
   * A database of the version before: migration 8 adds {@code rule} to the hits, the sample and the
   * conversions; the rows stored before read {@code ''}, new rows keep theirs, and the sample's
   * feed carries it. Run again after a crash before it was recorded, it finds the columns there.
   */
  @Test
  void migrate_ruleColumn_onADatabaseOfTheVersionBefore_addsItEverywhere_andReruns() throws Exception {
    Migrations migrations = new Migrations(http, Clock.systemUTC());
    migrations.migrate();
    String db = config.database();
    for (String table : new String[] {"hits", "hits_sample", "conversions"}) {
      http.execute("ALTER TABLE " + db + "." + table + " DROP COLUMN rule");
    }
    http.execute("ALTER TABLE " + db + ".schema_migrations DELETE WHERE version = 8");
    await().atMost(java.time.Duration.ofSeconds(10)).until(() -> !migrations.applied().contains(8));
    http.execute("INSERT INTO " + db + ".hits (ts, hit_id, batch_id, code, variant) SELECT now(), generateUUIDv4(),"
        + " generateUUIDv4(), 'before', arrayElement(['a', 'b'], number + 1) FROM system.numbers LIMIT 2");

    assertThat(migrations.migrate()).containsExactly(8);
    http.execute("ALTER TABLE " + db + ".schema_migrations DELETE WHERE version = 8");
    await().atMost(java.time.Duration.ofSeconds(10)).until(() -> !migrations.applied().contains(8));
    assertThat(migrations.migrate()).as("a rerun adds nothing twice").containsExactly(8);

    for (String table : new String[] {"hits", "hits_sample", "conversions"}) {
      assertThat(http.execute("SELECT name FROM system.columns WHERE database = '" + db + "' AND table = '"
          + table + "' FORMAT TabSeparated").lines()).as(table).endsWith("rule").containsOnlyOnce("rule");
    }
    java.util.UUID after = java.util.UUID.randomUUID();
    var rows = dev.waymark.hit.TestHits.rowsWithRules(after, 48);
    dev.waymark.hit.TestHits.deliver(new ClickHouseWriter(http), rows, after, 0);
    assertThat(http.execute("SELECT rule, count() FROM " + db + ".hits GROUP BY rule ORDER BY rule FORMAT TabSeparated"))
        .isEqualTo("\t18\n0\t16\nvip\t16\n");
    assertThat(http.queryValue("SELECT count() FROM " + db + ".hits WHERE code = 'before' AND rule = ''")).isEqualTo("2");
    assertThat(http.queryValue("SELECT count() FROM " + db + ".hits_sample WHERE batch_id = toUUID('" + after + "')"))
        .as("the sample's feed still takes the new rows").isEqualTo(http.queryValue("SELECT count() FROM " + db
            + ".hits WHERE batch_id = toUUID('" + after + "') AND visitor_month % 16 = 0"));
    assertThat(http.execute("SELECT rule FROM " + db + ".hits_sample WHERE batch_id = toUUID('" + after
        + "') ORDER BY rule FORMAT TabSeparated")).as("visitor_month 2000, 2016, 2032").isEqualTo("\n0\nvip\n");
  }
}
