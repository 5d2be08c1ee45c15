package dev.waymark.hit.clickhouse;

import dev.waymark.hit.EncodedBatch;
import dev.waymark.hit.HitStore;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/** The ClickHouse the ITs run against, with a fresh database per test class. */
public final class TestClickHouse {

  private TestClickHouse() {}

  public static String url() {
    String url = System.getenv("WAYMARK_TEST_CLICKHOUSE_URL");
    if (url == null || url.isBlank()) {
      throw new IllegalStateException("WAYMARK_TEST_CLICKHOUSE_URL is not set: run "
          + "`eval \"$(scripts/services.sh start clickhouse)\"` and export "
          + "WAYMARK_TEST_CLICKHOUSE_URL=$WAYMARK_CLICKHOUSE_URL before `mvn verify`");
    }
    return url;
  }

  /** The cluster {@code scripts/services.sh start clickhouse-cluster} defines on its servers. */
  public static final String CLUSTER = "waymark";

  /** The server of the test cluster that Waymark is pointed at (any node would do). */
  public static String clusterUrl() {
    return clusterNodes().get(0);
  }

  /** Every server of the test cluster, shard by shard. */
  public static List<String> clusterNodes() {
    String nodes = System.getenv("WAYMARK_TEST_CLICKHOUSE_CLUSTER_NODES");
    if (nodes == null || nodes.isBlank()) {
      throw new IllegalStateException("WAYMARK_TEST_CLICKHOUSE_CLUSTER_NODES is not set: run the tests with "
          + "scripts/test.sh, or `eval \"$(scripts/services.sh start clickhouse-cluster)\"` and export "
          + "WAYMARK_TEST_CLICKHOUSE_CLUSTER_NODES=$WAYMARK_CLICKHOUSE_CLUSTER_NODES");
    }
    return List.of(nodes.split(","));
  }

  public static ClickHouseConfig freshDatabase(String testClass) {
    String db = "waymark_it_" + testClass.toLowerCase() + "_"
        + Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xFFFFFFFFL);
    return ClickHouseConfig.of(url(), db);
  }

  /**
   * Delivers {@code batch} and retries as BatchDelivery does (every 100 ms, for up to 25 s): an
   * unknown outcome makes every later attempt a checked one.
   */
  static HitStore.Outcome deliverLikeTheSink(ClickHouseWriter writer, EncodedBatch batch) {
    boolean mayAlreadyBeIn = false;
    long deadline = System.nanoTime() + java.time.Duration.ofSeconds(25).toNanos();
    while (true) {
      try {
        return writer.deliver(batch, mayAlreadyBeIn);
      } catch (ClickHouseException e) {
        mayAlreadyBeIn |= e.outcomeUnknown();
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("not delivered in 25 s", e);
        }
        try {
          Thread.sleep(100);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException(ie);
        }
      }
    }
  }

  public static void drop(ClickHouseConfig config) throws ClickHouseException {
    if (config == null) {
      return; // set-up failed; its own error says why
    }
    // 18.16 drops a table only after the queries on it end; on a loaded machine, after a test that
    // paused the server, that has taken over the 30 s of a normal request.
    new ClickHouseHttp(new ClickHouseConfig(config.url(), config.database(), config.user(), config.password(),
        java.time.Duration.ofSeconds(180))).execute("DROP DATABASE IF EXISTS " + config.database());
  }
}
