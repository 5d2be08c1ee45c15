package dev.waymark.hit.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.waymark.hit.EncodedBatch;
import dev.waymark.hit.HitStore.Outcome;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The ClickHouse process itself paused (SIGSTOP) for longer than the request timeout while a
 * batch is being delivered, then resumed: the batch is stored once, whether the pause caught the
 * insert before it reached the server's code or after it committed. Needs the server's pid
 * ({@code WAYMARK_TEST_CLICKHOUSE_PID}, exported by scripts/test.sh); skipped without it.
 */
class ClickHousePauseIT {

  static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(1);
  static final Duration PAUSE = Duration.ofMillis(2_500);

  String pid;
  ClickHouseConfig config;
  ClickHouseHttp direct;
  ClickHouseWriter writer;

  @BeforeEach
  void database() throws Exception {
    pid = System.getenv("WAYMARK_TEST_CLICKHOUSE_PID");
    assumeTrue(pid != null && pid.matches("\\d+"),
        "WAYMARK_TEST_CLICKHOUSE_PID is not set: run through scripts/test.sh, which exports the pid of the"
            + " ClickHouse it started, to run the pause tests");
    config = TestClickHouse.freshDatabase("pause");
    direct = new ClickHouseHttp(config);
    new Migrations(direct, Clock.systemUTC()).migrate();
    writer = new ClickHouseWriter(new ClickHouseHttp(new ClickHouseConfig(config.url(), config.database(),
        "default", "", REQUEST_TIMEOUT)), new InsertFence.Timing(Duration.ofMillis(500), Duration.ofSeconds(6),
        Duration.ofSeconds(8), Duration.ofMillis(20)));
  }

  @AfterEach
  void dropDatabase() throws Exception {
    if (config != null) {
      signal("CONT"); // whatever happened, never leave the shared server stopped
      TestClickHouse.drop(config);
    }
  }

  @Test
  void deliver_serverPausedBeforeTheInsertArrives_storesTheBatchOnce() throws Exception {
    // Small enough to sit whole in the server's socket buffers while it is stopped.
    EncodedBatch batch = ClickHouseStallIT.batch(3_000);
    CompletableFuture<Outcome> delivery;
    signal("STOP");
    try {
      delivery = CompletableFuture.supplyAsync(
        () -> TestClickHouse.deliverLikeTheSink(writer, batch));
      Thread.sleep(PAUSE.toMillis());
    } finally {
      signal("CONT");
    }
    delivery.get(30, TimeUnit.SECONDS);
    assertStoredOnce(batch);
  }

  @Test
  void deliver_serverPausedRightAfterTheCommit_storesTheBatchOnce() throws Exception {
    EncodedBatch batch = ClickHouseStallIT.batch(ClickHouseStallIT.MID_INSERT_ROWS);
    CompletableFuture<Outcome> delivery = CompletableFuture.supplyAsync(
        () -> TestClickHouse.deliverLikeTheSink(writer, batch));
    try {
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (rows(batch, "count()") == 0 && System.nanoTime() < deadline) {
        Thread.onSpinWait();
      }
      signal("STOP"); // the rows are visible: committed, the answer possibly not yet sent
      Thread.sleep(PAUSE.toMillis());
    } finally {
      signal("CONT");
    }
    delivery.get(30, TimeUnit.SECONDS);
    assertStoredOnce(batch);
  }

  long rows(EncodedBatch batch, String what) throws ClickHouseException {
    return Long.parseLong(direct.queryValue("SELECT " + what + " FROM " + config.database()
        + ".hits WHERE batch_id = toUUID('" + batch.batchId() + "')"));
  }

  void assertStoredOnce(EncodedBatch batch) throws Exception {
    // Let anything still on the server finish, so a late copy would be counted.
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    for (int quiet = 0; quiet < 10 && System.nanoTime() < deadline; Thread.sleep(50)) {
      quiet = "0".equals(direct.queryValue("SELECT count() FROM system.processes WHERE query LIKE 'INSERT INTO "
          + config.database() + ".hits%'")) ? quiet + 1 : 0;
    }
    assertThat(rows(batch, "count()")).isEqualTo(batch.rows());
    assertThat(rows(batch, "uniqExact(hit_id)")).isEqualTo(batch.rows());
    assertThat(direct.queryValue("SELECT countMerge(hits) FROM " + config.database() + ".hits_daily"))
        .isEqualTo(String.valueOf(batch.rows()));
  }

  void signal(String name) throws Exception {
    Process kill = new ProcessBuilder("kill", "-" + name, pid).inheritIO().start();
    assertThat(kill.waitFor(5, TimeUnit.SECONDS)).isTrue();
    assertThat(kill.exitValue()).as("kill -%s %s", name, pid).isZero();
  }
}
