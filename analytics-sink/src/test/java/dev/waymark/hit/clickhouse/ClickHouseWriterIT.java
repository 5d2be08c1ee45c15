package dev.waymark.hit.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.waymark.hit.EncodedBatch;
import dev.waymark.hit.HitRow;
import dev.waymark.hit.TestHits;
import dev.waymark.hit.row.HitsRowBinary;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ClickHouseWriterIT {

  static ClickHouseConfig config;
  static ClickHouseHttp direct;
  static CuttingProxy proxy;
  ClickHouseWriter viaProxy;

  @BeforeAll
  static void setUp() throws Exception {
    config = TestClickHouse.freshDatabase("writer");
    direct = new ClickHouseHttp(config);
    new Migrations(direct, Clock.systemUTC()).migrate();
    proxy = new CuttingProxy(URI.create(config.url().toString()).getPort());
  }

  // A client per test: no pooled connection or learned server state carries over.
  @BeforeEach
  void client() {
    viaProxy = new ClickHouseWriter(new ClickHouseHttp(new ClickHouseConfig(
        URI.create("http://127.0.0.1:" + proxy.port()), config.database(), "default", "",
        Duration.ofSeconds(10))));
  }

  @AfterAll
  static void tearDown() throws Exception {
    if (proxy != null) {
      proxy.close();
    }
    TestClickHouse.drop(config);
  }

  private static EncodedBatch batch(int n) {
    UUID id = UUID.randomUUID();
    List<HitRow> rows = TestHits.rows(id, n);
    return new EncodedBatch(id, n, rows.get(0).ts(), rows.get(n - 1).ts(), 0, HitsRowBinary.gzip(rows));
  }

  private static long rows(UUID batchId, String what) throws Exception {
    return Long.parseLong(direct.queryValue("SELECT " + what + " FROM " + config.database()
        + ".hits WHERE batch_id = toUUID('" + batchId + "')"));
  }

  /**
   * A batch over two months whose first insert stored only March (an insert stores one part per
   * month, each whole or not at all): the retry stores the April rows alone, so {@code hits} and
   * every view it feeds count each hit once, and no scratch table stays behind.
   */
  @Test
  void deliver_batchStoredInPart_storesTheMissingMonthOnce_rollupsAndSampleAlike() throws Exception {
    UUID id = UUID.randomUUID();
    List<HitRow> rows = new java.util.ArrayList<>();
    long march = java.time.Instant.parse("2025-03-31T23:59:50Z").getEpochSecond();
    for (HitRow r : TestHits.rows(id, 40)) {
      long ts = march + rows.size(); // ten seconds of March, then April
      rows.add(new HitRow(ts, r.hitId(), id, r.code(), r.linkCode(), r.touchpointCode(), r.campaign(), r.channel(),
          r.stage(), r.source(), r.qr(), r.variant(), r.status(), r.device(), r.os(), r.osVersion(), r.browser(),
          r.browserVersion(), r.traffic(), r.botName(), r.country(), r.referrerHost(), r.utmSource(), r.utmMedium(),
          r.utmCampaign(), r.utmTerm(), r.utmContent(), r.language(), r.visitor(), r.visitorMonth() * 16 + rows.size() % 2,
          r.receivedAt()));
    }
    ClickHouseWriter writer = new ClickHouseWriter(direct);
    TestHits.deliver(writer, rows.subList(0, 10), id, 0);
    EncodedBatch whole = TestHits.encode(new dev.waymark.hit.HitBatch(id, rows, 0)).doubtful();

    assertThat(writer.deliver(whole, true)).isEqualTo(ClickHouseWriter.Outcome.REPAIRED);
    assertThat(writer.deliver(whole, true)).isEqualTo(ClickHouseWriter.Outcome.ALREADY_PRESENT);

    assertThat(rows(id, "count()")).isEqualTo(40);
    assertThat(rows(id, "uniqExact(hit_id)")).isEqualTo(40);
    String db = config.database();
    String days = "day >= toDate('2025-03-31') AND day <= toDate('2025-04-01') AND link_code IN ('c0','c1','c2','c3','c4','c5','c6')"
        + " AND campaign = 'spring'";
    // The database is this class's own, and no other test writes these days.
    assertThat(direct.queryValue("SELECT sum(hits) FROM " + db + ".hits_counts WHERE " + days)).isEqualTo("40");
    assertThat(direct.queryValue("SELECT countMerge(hits) FROM " + db + ".hits_daily WHERE " + days)).isEqualTo("40");
    assertThat(direct.queryValue("SELECT sum(hits) FROM " + db + ".hits_hourly WHERE toDate(hour) >= toDate('2025-03-31')"
        + " AND toDate(hour) <= toDate('2025-04-01')")).isEqualTo("40");
    assertThat(direct.queryValue("SELECT count() FROM " + db + ".hits_sample WHERE batch_id = toUUID('" + id + "')"))
        .isEqualTo("20");
    assertThat(direct.queryValue("SELECT count() FROM system.tables WHERE database = '" + db
        + "' AND name LIKE 'hits_repair_%'")).isEqualTo("0");
  }

  @Test
  void deliver_connectionCutAfterBodyWentThrough_retryFindsRowsAndInsertsNothing() throws Exception {
    EncodedBatch batch = batch(1_000);
    proxy.cutNext(CuttingProxy.Cut.AFTER_REQUEST);

    assertThatThrownBy(() -> viaProxy.deliver(batch, false))
        .isInstanceOfSatisfying(ClickHouseException.class, e -> assertThat(e.outcomeUnknown()).isTrue());
    assertThat(rows(batch.batchId(), "count()")).as("ClickHouse committed the cut insert").isEqualTo(1_000);

    assertThat(viaProxy.deliver(batch, true)).isEqualTo(ClickHouseWriter.Outcome.ALREADY_PRESENT);
    assertThat(rows(batch.batchId(), "count()")).isEqualTo(1_000);
    assertThat(rows(batch.batchId(), "uniqExact(hit_id)")).isEqualTo(1_000);
  }

  @Test
  void deliver_connectionCutMidBody_retryFindsNothingAndInsertsOnce() throws Exception {
    EncodedBatch batch = batch(5_000);
    proxy.cutNextMidRequest(batch.body().length / 2);

    assertThatThrownBy(() -> viaProxy.deliver(batch, false))
        .isInstanceOfSatisfying(ClickHouseException.class, e -> assertThat(e.outcomeUnknown()).isTrue());
    assertThat(rows(batch.batchId(), "count()")).isZero();

    assertThat(viaProxy.deliver(batch, true)).isEqualTo(ClickHouseWriter.Outcome.INSERTED);
    assertThat(rows(batch.batchId(), "count()")).isEqualTo(5_000);
  }

  @Test
  void deliver_rowBinary_readsBackEveryColumnAsWritten() throws Exception {
    UUID id = UUID.randomUUID();
    List<HitRow> rows = TestHits.rows(id, 3);
    TestHits.deliver(new ClickHouseWriter(direct), rows, id, 0);
    HitRow r = rows.get(0);
    String back = direct.execute("SELECT toUnixTimestamp(ts), toString(hit_id), code, stage, is_qr,"
        + " status, device, os, traffic, country, referrer_host, utm_source, language, visitor,"
        + " visitor_month, toUnixTimestamp(received_at) FROM " + config.database()
        + ".hits WHERE hit_id = toUUID('" + r.hitId() + "') FORMAT TabSeparated").trim();
    assertThat(back).isEqualTo(String.join("\t", String.valueOf(r.ts()), r.hitId().toString(),
        r.code(), "awareness", "1", "302", "mobile", "iOS", "human", "NL", "www.example.com",
        "poster", "nl", String.valueOf(r.visitor()), String.valueOf(r.visitorMonth()),
        String.valueOf(r.receivedAt())));
  }

  @Test
  void deliver_unreachableServer_failsWithKnownOutcome() {
    ClickHouseWriter nowhere = new ClickHouseWriter(new ClickHouseHttp(new ClickHouseConfig(
        URI.create("http://127.0.0.1:1"), config.database(), "default", "", Duration.ofSeconds(2))));
    assertThatThrownBy(() -> nowhere.deliver(batch(1), false))
        .isInstanceOfSatisfying(ClickHouseException.class, e -> assertThat(e.outcomeUnknown()).isFalse());
  }
}
