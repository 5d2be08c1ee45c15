package dev.waymark.hit.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.waymark.hit.EncodedBatch;
import dev.waymark.hit.HitStore.Outcome;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * On a two-shard cluster, the shard a batch goes to is paused (SIGSTOP) for longer than the
 * request timeout while the writer sends the batch through the other server, then resumed: the
 * batch is stored once. The server we talk to keeps its insert in {@code system.processes} while
 * it waits for the shard (a KILL does not end it), so the fence waits for the shard's write.
 * Needs the servers' pids ({@code WAYMARK_TEST_CLICKHOUSE_CLUSTER_PIDS}, exported by
 * scripts/test.sh); skipped without them.
 */
class ClickHouseClusterPauseIT {

  static final Duration PAUSE = Duration.ofMillis(2_500);

  static ClickHouseConfig config;
  static ClickHouseHttp shard;
  static String shardPid;
  ClickHouseWriter writer;

  @BeforeAll
  static void cluster() throws Exception {
    String pids = System.getenv("WAYMARK_TEST_CLICKHOUSE_CLUSTER_PIDS");
    assumeTrue(pids != null && pids.matches("\\d+(,\\d+)+"),
        "WAYMARK_TEST_CLICKHOUSE_CLUSTER_PIDS is not set: run through scripts/test.sh, which exports the pids"
            + " of the cluster it started, to run the cluster pause tests");
    List<String> nodes = TestClickHouse.clusterNodes();
    String db = TestClickHouse.freshDatabase("clusterpause").database();
    config = new ClickHouseConfig(URI.create(nodes.get(0)), db, "default", "", Duration.ofSeconds(1),
        TestClickHouse.CLUSTER);
    shard = new ClickHouseHttp(ClickHouseConfig.of(nodes.get(1), config.database()));
    shardPid = pids.split(",")[1];
    new Migrations(new ClickHouseHttp(config), Clock.systemUTC()).migrate();
  }

  @AfterEach
  void resume() throws Exception {
    signal("CONT"); // whatever happened, never leave a shared server stopped
  }

  @AfterAll
  static void drop() throws Exception {
    if (config != null) {
      signal("CONT");
      new ClickHouseHttp(ClickHouseConfig.of(config.url().toString(), config.database())).execute(
          "DROP DATABASE IF EXISTS " + config.database()
          + " ON CLUSTER " + TestClickHouse.CLUSTER);
    }
  }

  /** A batch whose batch_id the sharding key sends to the second server. */
  EncodedBatch batchForTheOtherShard(int rows) throws Exception {
    ClickHouseHttp first = new ClickHouseHttp(config);
    while (true) {
      EncodedBatch batch = ClickHouseStallIT.batch(rows);
      if (first.queryValue("SELECT cityHash64(toString(toUUID('" + batch.batchId() + "'))) % 2").equals("1")) {
        return batch;
      }
    }
  }

  ClickHouseWriter writer() {
    return new ClickHouseWriter(new ClickHouseHttp(config), new InsertFence.Timing(Duration.ofMillis(500),
        Duration.ofSeconds(6), Duration.ofSeconds(8), Duration.ofMillis(20)));
  }

  @Test
  void deliver_shardPausedBeforeTheInsertReachesIt_storesTheBatchOnce() throws Exception {
    writer = writer();
    EncodedBatch batch = batchForTheOtherShard(3_000);
    CompletableFuture<Outcome> delivery;
    signal("STOP");
    try {
      delivery = CompletableFuture.supplyAsync(
        () -> TestClickHouse.deliverLikeTheSink(writer, batch));
      Thread.sleep(PAUSE.toMillis());
    } finally {
      signal("CONT");
    }
    // The first attempt timed out; the checked retry found the batch the shard wrote on resuming.
    assertThat(delivery.get(30, TimeUnit.SECONDS)).isEqualTo(Outcome.ALREADY_PRESENT);
    assertThat(writer.duplicateChecks()).isPositive();
    assertStoredOnceOnTheShard(batch);
  }

  @Test
  void deliver_shardPausedRightAfterItsCommit_storesTheBatchOnce() throws Exception {
    writer = writer();
    EncodedBatch batch = batchForTheOtherShard(ClickHouseStallIT.MID_INSERT_ROWS);
    CompletableFuture<Outcome> delivery = CompletableFuture.supplyAsync(
        () -> TestClickHouse.deliverLikeTheSink(writer, batch));
    try {
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (onShard(batch) == 0 && System.nanoTime() < deadline) {
        Thread.onSpinWait();
      }
      signal("STOP"); // the rows are on the shard, its answer to the other server possibly not yet sent
      Thread.sleep(PAUSE.toMillis());
    } finally {
      signal("CONT");
    }
    delivery.get(30, TimeUnit.SECONDS);
    assertStoredOnceOnTheShard(batch);
  }

  long onShard(EncodedBatch batch) throws ClickHouseException {
    return Long.parseLong(shard.queryValue("SELECT count() FROM " + config.database()
        + ".hits_local WHERE batch_id = toUUID('" + batch.batchId() + "')"));
  }

  void assertStoredOnceOnTheShard(EncodedBatch batch) throws Exception {
    ClickHouseHttp any = new ClickHouseHttp(config);
    // Let anything still on either server finish, so a late copy would be counted.
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    for (int quiet = 0; quiet < 10 && System.nanoTime() < deadline; Thread.sleep(50)) {
      quiet = "0".equals(any.queryValue("SELECT count() FROM cluster('" + TestClickHouse.CLUSTER
          + "', system, processes) WHERE query LIKE 'INSERT INTO " + config.database() + ".hits%'")) ? quiet + 1 : 0;
    }
    assertThat(onShard(batch)).as("the whole batch on the shard it was sent to").isEqualTo(batch.rows());
    assertThat(Long.parseLong(any.queryValue("SELECT count() FROM " + config.database() + ".hits WHERE batch_id = toUUID('"
        + batch.batchId() + "')"))).isEqualTo(batch.rows());
    assertThat(Long.parseLong(any.queryValue("SELECT uniqExact(hit_id) FROM " + config.database() + ".hits WHERE batch_id"
        + " = toUUID('" + batch.batchId() + "')"))).isEqualTo(batch.rows());
  }

  static void signal(String name) throws Exception {
    if (shardPid == null) {
      return;
    }
    Process kill = new ProcessBuilder("kill", "-" + name, shardPid).inheritIO().start();
    assertThat(kill.waitFor(5, TimeUnit.SECONDS)).isTrue();
    assertThat(kill.exitValue()).as("kill -%s %s", name, shardPid).isZero();
  }
}
