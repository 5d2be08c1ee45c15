package dev.waymark.hit.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.waymark.hit.EncodedBatch;
import dev.waymark.hit.HitRow;
import dev.waymark.hit.HitStore.Outcome;
import dev.waymark.hit.TestHits;
import dev.waymark.hit.row.HitsRowBinary;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A request stalled between writer and ClickHouse past the request timeout, then let through:
 * whether the server was mid-insert or had committed when the client gave up, the retry leaves
 * the batch stored once, in {@code hits} and in the rollup.
 */
class ClickHouseStallIT {

  static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(1);
  static final Duration HOLD = Duration.ofMillis(2_500);
  /**
   * 18.16 reads a request body in 1 MiB blocks and lists an insert in system.processes only once
   * the first block is in: held after 1.3 MB of a 1.7 MB body, the server is mid-insert.
   */
  static final int MID_INSERT_ROWS = 60_000;
  static final int MID_INSERT_FORWARD_BYTES = 1_300_000;

  static StallingProxy proxy;
  static int upstreamPort;
  ClickHouseConfig config;
  ClickHouseHttp direct;
  ClickHouseWriter viaProxy;

  @BeforeAll
  static void startProxy() throws Exception {
    upstreamPort = URI.create(TestClickHouse.url()).getPort();
    proxy = new StallingProxy(upstreamPort);
  }

  @AfterAll
  static void stopProxy() throws Exception {
    if (proxy != null) {
      proxy.close();
    }
  }

  // A database per test, so the rollup's total is this test's batch alone.
  @BeforeEach
  void database() throws Exception {
    config = TestClickHouse.freshDatabase("stall");
    direct = new ClickHouseHttp(config);
    new Migrations(direct, Clock.systemUTC()).migrate();
    viaProxy = new ClickHouseWriter(new ClickHouseHttp(new ClickHouseConfig(
        URI.create("http://127.0.0.1:" + proxy.port()), config.database(), "default", "", REQUEST_TIMEOUT)),
        new InsertFence.Timing(Duration.ofMillis(300), Duration.ofSeconds(6), Duration.ofSeconds(8),
            Duration.ofMillis(20)));
  }

  @AfterEach
  void dropDatabase() throws Exception {
    TestClickHouse.drop(config);
  }

  static EncodedBatch batch(int n) {
    UUID id = UUID.randomUUID();
    List<HitRow> rows = TestHits.rows(id, n);
    return new EncodedBatch(id, n, rows.get(0).ts(), rows.get(n - 1).ts(), 0, HitsRowBinary.gzip(rows));
  }

  @Test
  void deliver_requestTailHeldPastTimeout_retryWaitsForTheRunningInsertAndStoresOnce() throws Exception {
    EncodedBatch batch = batch(MID_INSERT_ROWS);
    proxy.stallNextInsert(StallingProxy.Stall.REQUEST_TAIL, MID_INSERT_FORWARD_BYTES, HOLD);

    assertThatThrownBy(() -> viaProxy.deliver(batch, false))
        .isInstanceOfSatisfying(ClickHouseException.class, e -> assertThat(e.outcomeUnknown()).isTrue());
    Outcome retry = viaProxy.deliver(batch, true);

    assertThat(proxy.awaitServerAnswered(Duration.ofSeconds(10))).as("the held insert reached the server").isTrue();
    assertStoredOnce(batch);
    assertThat(retry).isEqualTo(Outcome.ALREADY_PRESENT);
    assertThat(viaProxy.fenceWaits()).isEqualTo(1);
  }

  @Test
  void deliver_responseHeldPastTimeout_retryFindsTheCommittedBatchAndStoresOnce() throws Exception {
    EncodedBatch batch = batch(20_000);
    proxy.stallNextInsert(StallingProxy.Stall.RESPONSE, 0, HOLD);

    assertThatThrownBy(() -> viaProxy.deliver(batch, false))
        .isInstanceOfSatisfying(ClickHouseException.class, e -> assertThat(e.outcomeUnknown()).isTrue());
    assertThat(proxy.awaitServerAnswered(Duration.ofSeconds(10))).isTrue();
    Outcome retry = viaProxy.deliver(batch, true);

    assertStoredOnce(batch);
    assertThat(retry).isEqualTo(Outcome.ALREADY_PRESENT);
  }

  @Test
  void deliver_retryWhileTheFirstAttemptRuns_isRefusedByQueryIdAndLeavesOneCopy() throws Exception {
    EncodedBatch batch = batch(MID_INSERT_ROWS);
    proxy.stallNextInsert(StallingProxy.Stall.REQUEST_TAIL, MID_INSERT_FORWARD_BYTES, HOLD);
    assertThatThrownBy(() -> viaProxy.deliver(batch, false)).isInstanceOf(ClickHouseException.class);

    // A resend that skips the check (as a careless caller would) meets the running first attempt.
    assertThatThrownBy(() -> viaProxy.deliver(batch, false))
        .isInstanceOfSatisfying(ClickHouseException.class, e -> {
          assertThat(e.outcomeUnknown()).isTrue();
          assertThat(e.serverCode()).isEqualTo(ClickHouseException.QUERY_WITH_SAME_ID_IS_ALREADY_RUNNING);
        });
    assertThat(proxy.awaitServerAnswered(Duration.ofSeconds(10))).isTrue();
    assertThat(viaProxy.deliver(batch, true)).isEqualTo(Outcome.ALREADY_PRESENT);
    assertStoredOnce(batch);
    assertThat(viaProxy.sameIdRefusals()).isEqualTo(1);
  }

  /** Rows, distinct hits and the daily rollup all count the batch exactly once. */
  void assertStoredOnce(EncodedBatch batch) throws Exception {
    waitForInsertsToEnd();
    String db = config.database();
    String where = " FROM " + db + ".hits WHERE batch_id = toUUID('" + batch.batchId() + "')";
    assertThat(direct.queryValue("SELECT count()" + where)).isEqualTo(String.valueOf(batch.rows()));
    assertThat(direct.queryValue("SELECT uniqExact(hit_id)" + where)).isEqualTo(String.valueOf(batch.rows()));
    assertThat(direct.queryValue("SELECT countMerge(hits) FROM " + db + ".hits_daily"))
        .isEqualTo(String.valueOf(batch.rows()));
  }

  /** Lets any insert into this database still on the server finish, so a late copy is counted. */
  void waitForInsertsToEnd() throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    int quiet = 0;
    while (quiet < 10 && System.nanoTime() < deadline) {
      boolean running = !"0".equals(direct.queryValue("SELECT count() FROM system.processes WHERE query LIKE 'INSERT INTO "
          + config.database() + ".hits%'"));
      quiet = running ? 0 : quiet + 1;
      Thread.sleep(50);
    }
  }
}
