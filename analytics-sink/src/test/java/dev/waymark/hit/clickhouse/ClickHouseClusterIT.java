package dev.waymark.hit.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.waymark.conversion.Conversion;
import dev.waymark.conversion.ConversionStore;
import dev.waymark.hit.Device;
import dev.waymark.hit.EncodedBatch;
import dev.waymark.hit.HitBatch;
import dev.waymark.hit.HitIds;
import dev.waymark.hit.HitRow;
import dev.waymark.hit.HitStore;
import dev.waymark.hit.TestHits;
import dev.waymark.hit.Traffic;
import dev.waymark.journey.Stage;
import dev.waymark.stats.Dimension;
import dev.waymark.stats.Interval;
import dev.waymark.stats.StatsQuery;
import dev.waymark.stats.StatsStore;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The schema on a cluster of two shards ({@code scripts/services.sh start clickhouse-cluster}):
 * migrated by two processes at once, fed the same batches as a single server (one of them retried,
 * one repaired after half of it went in), and held to the single server's answers.
 */
class ClickHouseClusterIT {

  private static final int BATCHES = 30;
  private static final int ROWS_PER_BATCH = 200;
  private static final long T0 = TestHits.T0 / 1000;
  private static final long REPAIRED_DAYS = 5;
  private static final long REPAIRED_FROM = T0 + REPAIRED_DAYS * 86_400;

  static ClickHouseConfig cluster;
  static ClickHouseConfig single;
  static List<ClickHouseHttp> nodes = new ArrayList<>();
  static List<HitRow> stored = new ArrayList<>();
  static int expectedRows;
  static UUID repairedBatch;

  @BeforeAll
  static void setUp() throws Exception {
    single = TestClickHouse.freshDatabase("cluster");
    cluster = ClickHouseConfig.of(TestClickHouse.clusterUrl(), single.database()).withCluster(TestClickHouse.CLUSTER);
    for (String url : TestClickHouse.clusterNodes()) {
      nodes.add(new ClickHouseHttp(ClickHouseConfig.of(url, single.database())));
    }
    // Two processes starting at once against a fresh cluster: both succeed, the schema is whole.
    ExecutorService two = Executors.newFixedThreadPool(2);
    try {
      Callable<List<Integer>> migrate = () -> new Migrations(new ClickHouseHttp(cluster), Clock.systemUTC()).migrate();
      List<Future<List<Integer>>> runs = List.of(two.submit(migrate), two.submit(migrate));
      for (Future<List<Integer>> run : runs) {
        run.get();
      }
    } finally {
      two.shutdown();
    }
    new Migrations(new ClickHouseHttp(single), Clock.systemUTC()).migrate();

    ClickHouseWriter toCluster = new ClickHouseWriter(new ClickHouseHttp(cluster));
    ClickHouseWriter toSingle = new ClickHouseWriter(new ClickHouseHttp(single));
    List<EncodedBatch> batches = new ArrayList<>();
    for (int b = 0; b < BATCHES; b++) {
      UUID id = UUID.randomUUID();
      List<HitRow> rows = rows(id, b, 0);
      stored.addAll(rows);
      batches.add(TestHits.encode(new HitBatch(id, rows, 0)));
    }
    for (EncodedBatch batch : batches) {
      assertThat(toCluster.deliver(batch, false)).isEqualTo(HitStore.Outcome.INSERTED);
      // The insert returned once its shard had the rows: a check right after it sees them all.
      assertThat(toCluster.rowsOf(batch)).isEqualTo(batch.rows());
      assertThat(toSingle.deliver(batch, false)).isEqualTo(HitStore.Outcome.INSERTED);
    }
    // A batch whose outcome was unknown is checked on its shard and not sent again.
    assertThat(toCluster.deliver(batches.get(7), true)).isEqualTo(HitStore.Outcome.ALREADY_PRESENT);

    // A batch of which a part went in: only the rest is sent, through Distributed, to its shard.
    repairedBatch = UUID.randomUUID();
    // On days of its own, so the rollups of the other days can be held to hits exactly.
    List<HitRow> rows = rows(repairedBatch, BATCHES, REPAIRED_DAYS);
    stored.addAll(rows);
    EncodedBatch whole = TestHits.encode(new HitBatch(repairedBatch, rows, 0));
    new ClickHouseWriter(new ClickHouseHttp(cluster)).deliver(
        TestHits.encode(new HitBatch(repairedBatch, rows.subList(0, 80), 0)), false);
    assertThat(toCluster.deliver(whole, true)).isEqualTo(HitStore.Outcome.REPAIRED);
    assertThat(toSingle.deliver(whole, false)).isEqualTo(HitStore.Outcome.INSERTED);
    expectedRows = (BATCHES + 1) * ROWS_PER_BATCH;
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
        assertThat(count(new ClickHouseHttp(cluster), "hits")).isEqualTo(expectedRows));
  }

  @AfterAll
  static void tearDown() throws Exception {
    TestClickHouse.drop(single);
    if (cluster != null) {
      new ClickHouseHttp(cluster).execute("DROP DATABASE IF EXISTS " + cluster.database() + " ON CLUSTER " + cluster.cluster());
    }
  }

  /**
   * Rows of one batch, varied over three days, two campaigns, every journey stage, scans and
   * clicks, people, bots and previews, and some hundreds of visitors (a sixteenth of them in the
   * sample table).
   */
  private static List<HitRow> rows(UUID batchId, int b, long shiftDays) {
    List<HitRow> rows = new ArrayList<>(ROWS_PER_BATCH);
    for (int i = 0; i < ROWS_PER_BATCH; i++) {
      int n = b * ROWS_PER_BATCH + i;
      long ts = T0 + shiftDays * 86_400 + (n * 37L) % (3 * 86_400);
      Stage stage = Stage.JOURNEY.get(n % Stage.JOURNEY.size());
      Traffic traffic = n % 23 == 0 ? Traffic.BOT : n % 29 == 0 ? Traffic.PREVIEW : Traffic.HUMAN;
      long visitor = (n % 640) * 16L + (n % 3 == 0 ? 0 : 5);
      rows.add(new HitRow(ts, HitIds.next(ts * 1000 + (n % 1000)), batchId, "c" + (n % 11), "c" + (n % 11),
          n % 5 == 0 ? "t" + (n % 4) : "", n % 2 == 0 ? "spring" : "autumn", n % 3 == 0 ? "poster" : "mail",
          stage, "src" + (n % 4), n % 2 == 0, n % 4 < 2 ? "a" : "b", 302, Device.MOBILE, "iOS", "17.1", "Safari",
          "17.1", traffic, "", "NL", "www.example.com", "poster", "print", "", "", "", "nl", visitor, visitor, ts + 1,
          new String[] {"", "rule-1", "rule-2"}[n % 7 % 3])); // not n % 3: that picks the sample
    }
    return rows;
  }

  private static long count(ClickHouseHttp http, String table) throws ClickHouseException {
    return Long.parseLong(http.queryValue("SELECT count() FROM " + http.config().database() + "." + table));
  }

  private static long value(ClickHouseHttp http, String sql) throws ClickHouseException {
    return Long.parseLong(http.queryValue(sql.replace("$db", http.config().database())));
  }

  @Test
  void migrations_recordEveryVersionOnce_andEveryServerHasEveryTable() throws Exception {
    Migrations migrations = new Migrations(new ClickHouseHttp(cluster), Clock.systemUTC());
    assertThat(migrations.migrate()).as("nothing left to run").isEmpty();
    Set<Integer> expected = new HashSet<>();
    ServerVersion server = ServerVersion.parse(nodes.get(0).queryValue("SELECT version()"));
    HitsSchema.migrations(cluster.database(), server).forEach(m -> expected.add(m.version()));
    assertThat(migrations.applied()).isEqualTo(expected);
    boolean replicated = !nodes.get(0).queryValue("SELECT max(replica_num) FROM system.clusters WHERE cluster = '"
        + TestClickHouse.CLUSTER + "'").equals("1");
    for (ClickHouseHttp node : nodes) {
      String tables = node.execute("SELECT name, engine FROM system.tables WHERE database = '"
          + cluster.database() + "' ORDER BY name FORMAT TabSeparated");
      // Replicated on a cluster with replicas (run this class with one server of each shard listed).
      String r = replicated ? "Replicated" : "";
      assertThat(tables).contains("hits\tDistributed", "hits_local\t" + r + "MergeTree", "hits_daily\tDistributed",
          "hits_daily_local\tMaterializedView", "hits_hourly\tDistributed", "conversions\tDistributed",
          "conversions_local\t" + r + "ReplacingMergeTree", "hits_sample\tDistributed",
          "hits_sample_local\t" + r + "MergeTree", "hits_sample_feed_local\tMaterializedView",
          "schema_migrations\tDistributed");
    }
  }

  /** The column migration 8 added reaches every shard and the Distributed tables in front of them. */
  @Test
  void variantAndRule_readThroughTheDistributedTables_asFromOneServer() throws Exception {
    ClickHouseHttp http = new ClickHouseHttp(cluster);
    ClickHouseHttp one = new ClickHouseHttp(single);
    for (String table : new String[] {"hits", "hits_sample"}) {
      String sql = "SELECT variant, rule, count() FROM " + single.database() + "." + table
          + " GROUP BY variant, rule ORDER BY variant, rule FORMAT TabSeparated";
      String answer = http.execute(sql);
      assertThat(answer.lines()).as(table).hasSize(6);
      assertThat(answer).as(table).isEqualTo(one.execute(sql));
    }
    for (ClickHouseHttp node : nodes) {
      assertThat(value(node, "SELECT count() FROM $db.hits_local WHERE rule != ''")).as("on %s", node.config().url())
          .isPositive();
      assertThat(node.queryValue("SELECT groupArray(table) FROM (SELECT table FROM system.columns WHERE database = '"
          + cluster.database() + "' AND name = 'rule' ORDER BY table)"))
          .isEqualTo("['conversions','conversions_local','hits','hits_local','hits_sample','hits_sample_local']");
    }
  }

  @Test
  void hits_exactlyEveryRowOnce_spreadOverBothShards_eachBatchWholeOnOne() throws Exception {
    ClickHouseHttp http = new ClickHouseHttp(cluster);
    assertThat(count(http, "hits")).isEqualTo(expectedRows);
    assertThat(value(http, "SELECT uniqExact(hit_id) FROM $db.hits")).isEqualTo(expectedRows);
    long sum = 0;
    long batches = 0;
    List<Set<String>> batchesOf = new ArrayList<>();
    for (ClickHouseHttp node : nodes) {
      long here = count(node, "hits_local");
      assertThat(here).as("rows on %s", node.config().url()).isPositive();
      sum += here;
      batches += value(node, "SELECT uniqExact(batch_id) FROM $db.hits_local");
      batchesOf.add(new HashSet<>(Arrays.asList(node.execute("SELECT DISTINCT toString(batch_id) FROM "
          + node.config().database() + ".hits_local FORMAT TabSeparated").split("\n"))));
      // Each batch is whole where it is.
      assertThat(value(node, "SELECT count() FROM (SELECT batch_id, count() AS c FROM $db.hits_local"
          + " GROUP BY batch_id HAVING c != " + ROWS_PER_BATCH + ")")).isZero();
    }
    assertThat(sum).isEqualTo(expectedRows);
    assertThat(batches).as("no batch on two shards").isEqualTo(BATCHES + 1);
    assertThat(batchesOf.get(0)).doesNotContainAnyElementsOf(batchesOf.get(1));
  }

  @Test
  void rollups_eachShardHoldsItsOwnHits_andTheDistributedRollupsSumToAll() throws Exception {
    ClickHouseHttp http = new ClickHouseHttp(cluster);
    String before = "toDateTime(" + REPAIRED_FROM + ", 'UTC')";
    long hitsBefore = value(http, "SELECT count() FROM $db.hits WHERE ts < " + before);
    assertThat(hitsBefore).isEqualTo(expectedRows - ROWS_PER_BATCH);
    assertThat(value(http, "SELECT countMerge(hits) FROM $db.hits_daily WHERE day < toDate(" + before + ")"))
        .isEqualTo(hitsBefore);
    assertThat(value(http, "SELECT sum(hits) FROM $db.hits_hourly WHERE hour < " + before)).isEqualTo(hitsBefore);
    // The repair sent only the rows that had not gone in, so the views saw every hit once.
    assertThat(value(http, "SELECT countMerge(hits) FROM $db.hits_daily")).isEqualTo(expectedRows);
    assertThat(value(http, "SELECT sum(hits) FROM $db.hits_hourly")).isEqualTo(expectedRows);
    assertThat(value(http, "SELECT sum(hits) FROM $db.hits_counts")).isEqualTo(expectedRows);
    // uniq states of the shards merge into the distinct visitors of the whole.
    assertThat(value(http, "SELECT uniqMerge(visitors) FROM $db.hits_daily WHERE day < toDate(" + before + ")"))
        .isEqualTo(value(http, "SELECT uniqExact(visitor) FROM $db.hits WHERE ts < " + before));
    for (ClickHouseHttp node : nodes) {
      long local = value(node, "SELECT count() FROM $db.hits_local WHERE ts < " + before);
      assertThat(value(node, "SELECT countMerge(hits) FROM $db.hits_daily_local WHERE day < toDate(" + before + ")"))
          .as("daily rollup on %s", node.config().url()).isEqualTo(local);
      assertThat(value(node, "SELECT sum(hits) FROM $db.hits_hourly_local WHERE hour < " + before))
          .as("hourly rollup on %s", node.config().url()).isEqualTo(local);
    }
    assertThat(value(http, "SELECT count() FROM $db.hits_sample WHERE ts < " + before))
        .isEqualTo(stored.stream().filter(r -> r.visitorMonth() % 16 == 0 && r.ts() < REPAIRED_FROM).count());
  }

  @Test
  void stats_answerAsOneServerDoes_exactAndSampled() throws Exception {
    StatsQuery all = new StatsQuery(Instant.ofEpochSecond(T0 - 3_600), Instant.ofEpochSecond(T0 + 9 * 86_400),
        ZoneId.of("UTC"), null, null, null, null, null, null, null, StatsQuery.TrafficFilter.ALL);
    StatsQuery people = StatsQuery.of(all.from(), all.to());
    StatsQuery spring = new StatsQuery(all.from(), all.to(), ZoneId.of("UTC"), "spring", null, null, "poster",
        null, null, true, StatsQuery.TrafficFilter.HUMAN);
    for (long exactVisitors : new long[] {ClickHouseStats.EXACT_VISITORS, 8}) {
      StatsStore one = new ClickHouseStats(single, exactVisitors);
      StatsStore spread = new ClickHouseStats(cluster, exactVisitors);
      for (StatsQuery q : List.of(all, people, spring)) {
        assertThat(spread.summary(q)).isEqualTo(one.summary(q));
        assertThat(spread.timeSeries(q, Interval.DAY)).isEqualTo(one.timeSeries(q, Interval.DAY));
        assertThat(spread.timeSeries(q, Interval.HOUR)).isEqualTo(one.timeSeries(q, Interval.HOUR));
        for (Dimension by : List.of(Dimension.CAMPAIGN, Dimension.STAGE, Dimension.LINK, Dimension.TRAFFIC)) {
          assertThat(spread.breakdown(q, by, 3)).isEqualTo(one.breakdown(q, by, 3));
        }
      }
      assertThat(spread.funnel(people, Duration.ofHours(24))).isEqualTo(one.funnel(people, Duration.ofHours(24)));
    }
    assertThat(new ClickHouseStats(cluster).summary(all).hits()).isEqualTo(expectedRows);
  }

  @Test
  void conversions_findTheirHitOnEitherShard_storeOnce_andCountAsOnOneServer() throws Exception {
    Instant pendingSince = Instant.now();
    ConversionStore spread = new ClickHouseConversions(cluster, Clock.systemUTC(), () -> pendingSince);
    ConversionStore one = new ClickHouseConversions(single, Clock.systemUTC(), () -> pendingSince);
    List<Conversion> report = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      HitRow hit = stored.get(i * 151 % stored.size());
      report.add(new Conversion(hit.hitId(), "purchase", new BigDecimal("12.50"), "EUR", "order-" + i));
    }
    report.add(report.get(3)); // a repeat in the same report
    List<ConversionStore.Status> first = spread.record(report);
    assertThat(first).isEqualTo(one.record(report));
    assertThat(first.subList(0, 40)).containsOnly(ConversionStore.Status.STORED);
    assertThat(first.get(40)).isEqualTo(ConversionStore.Status.DUPLICATE);
    // A report naming a click no shard holds stores nothing of it, as on one server.
    List<Conversion> withUnknown = List.of(report.get(0),
        new Conversion(HitIds.next(T0 * 1000), "purchase", null, null, "no-such-hit"));
    assertThat(spread.record(withUnknown)).isEqualTo(one.record(withUnknown))
        .containsExactly(ConversionStore.Status.DUPLICATE, ConversionStore.Status.UNKNOWN_CLICK);
    // Reported again: every one is found on its shard, nothing is stored twice.
    assertThat(spread.record(report.subList(0, 40))).containsOnly(ConversionStore.Status.DUPLICATE);
    assertThat(count(new ClickHouseHttp(cluster), "conversions")).isEqualTo(40);

    StatsQuery people = StatsQuery.of(Instant.ofEpochSecond(T0 - 3_600), Instant.ofEpochSecond(T0 + 9 * 86_400));
    StatsStore statsSpread = new ClickHouseStats(cluster);
    StatsStore statsOne = new ClickHouseStats(single);
    assertThat(statsSpread.summary(people)).isEqualTo(statsOne.summary(people));
    assertThat(statsSpread.breakdown(people, Dimension.CAMPAIGN, 1)).isEqualTo(statsOne.breakdown(people, Dimension.CAMPAIGN, 1));
    assertThat(statsSpread.funnel(people, Duration.ofHours(24))).isEqualTo(statsOne.funnel(people, Duration.ofHours(24)));
  }
}
