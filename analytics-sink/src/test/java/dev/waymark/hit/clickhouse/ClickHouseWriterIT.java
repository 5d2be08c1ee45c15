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
