package dev.waymark;

import static dev.waymark.WaymarkJarIT.KEY;
import static dev.waymark.WaymarkJarIT.createLink;
import static dev.waymark.WaymarkJarIT.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two redirectors, each talking to a different server of a two-shard ClickHouse cluster
 * ({@code scripts/services.sh start clickhouse-cluster}), started at once on a fresh database:
 * every request is one row through the Distributed {@code hits}, both shards hold some, and the
 * stats API of either answers for all of them.
 */
@Timeout(value = 150, unit = TimeUnit.SECONDS)
class ClickHouseClusterJarIT {

  private static final int REQUESTS_EACH = 150;

  @TempDir
  Path tmp;

  private final String database = "waymark_it_" + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 1);

  static List<String> nodes() {
    String nodes = System.getenv("WAYMARK_TEST_CLICKHOUSE_CLUSTER_NODES");
    if (nodes == null || nodes.isBlank()) {
      throw new IllegalStateException("WAYMARK_TEST_CLICKHOUSE_CLUSTER_NODES is not set: run the ITs with "
          + "scripts/test.sh, or eval \"$(scripts/services.sh start clickhouse-cluster)\" and export it");
    }
    return List.of(nodes.split(","));
  }

  static String query(String node, String sql) throws Exception {
    HttpResponse<String> r = WaymarkProcess.HTTP.send(HttpRequest.newBuilder(
            URI.create(node + "/?query=" + URLEncoder.encode(sql, StandardCharsets.UTF_8)))
        .POST(HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(30)).build(),
        HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new IllegalStateException("ClickHouse said " + r.statusCode() + ": " + r.body());
    }
    return r.body().trim();
  }

  @AfterEach
  void dropDatabase() throws Exception {
    if (System.getenv("WAYMARK_TEST_CLICKHOUSE_CLUSTER_NODES") != null) {
      query(nodes().get(0), "DROP DATABASE IF EXISTS " + database + " ON CLUSTER waymark");
    }
  }

  @Test
  void requestsThroughTwoRedirectors_areExactlyOneRowEach_spreadOverBothShards() throws Exception {
    List<WaymarkProcess> redirectors = new ArrayList<>();
    try {
      for (int i = 0; i < 2; i++) {
        // Small, frequent batches: many inserts, so both shards get some.
        redirectors.add(WaymarkProcess.start(tmp.resolve("data" + i), Map.of("WAYMARK_ADMIN_API_KEY", KEY,
            "WAYMARK_CLICKHOUSE_URL", nodes().get(i), "WAYMARK_CLICKHOUSE_DATABASE", database,
            "WAYMARK_CLICKHOUSE_CLUSTER", "waymark", "WAYMARK_HIT_BATCH_SIZE", "10",
            "WAYMARK_HIT_FLUSH_INTERVAL", "100ms")));
      }
      for (WaymarkProcess w : redirectors) {
        w.awaitReady();
        assertThat(createLink(w, KEY, "{\"url\":\"https://example.com/spring\",\"slug\":\"spring\","
            + "\"campaign\":\"spring-2026\",\"channel\":\"poster\",\"stage\":\"awareness\"}").statusCode())
            .isEqualTo(201);
      }
      String hits = database + ".hits";
      String any = nodes().get(0);
      // Hits made before a sink has migrated wait and go in as one batch; the batches must be many
      // for both shards to get some, so the rest is sent once a first hit of each is stored.
      for (WaymarkProcess w : redirectors) {
        assertThat(send(HttpRequest.newBuilder(w.pub("/spring?qr=1")).header("User-Agent", WaymarkAnalyticsIT.IPHONE))
            .statusCode()).isEqualTo(302); // as request 0 of the loop below
      }
      await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).ignoreExceptions().untilAsserted(() ->
          assertThat(query(any, "SELECT count() FROM " + hits)).isEqualTo("2"));
      for (int i = 1; i < REQUESTS_EACH; i++) {
        for (WaymarkProcess w : redirectors) {
          HttpResponse<String> r = send(HttpRequest.newBuilder(w.pub("/spring" + (i % 2 == 0 ? "?qr=1" : "")))
              .header("User-Agent", WaymarkAnalyticsIT.IPHONE));
          assertThat(r.statusCode()).isEqualTo(302);
        }
      }
      int sent = 2 * REQUESTS_EACH;
      await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).ignoreExceptions().untilAsserted(() ->
          assertThat(query(any, "SELECT count() FROM " + hits)).isEqualTo(Integer.toString(sent)));
      assertThat(query(any, "SELECT uniqExact(hit_id) FROM " + hits)).isEqualTo(Integer.toString(sent));
      long sum = 0;
      Set<String> batchesSeen = new HashSet<>();
      long batches = 0;
      for (String node : nodes()) {
        long here = Long.parseLong(query(node, "SELECT count() FROM " + hits + "_local"));
        assertThat(here).as("rows on %s", node).isPositive();
        sum += here;
        for (String b : query(node, "SELECT DISTINCT toString(batch_id) FROM " + hits + "_local").split("\n")) {
          batchesSeen.add(b);
          batches++;
        }
      }
      assertThat(sum).isEqualTo(sent);
      assertThat(batchesSeen).as("no batch on two shards").hasSize((int) batches);
      assertThat(query(any, "SELECT countMerge(hits) FROM " + database + ".hits_daily")).isEqualTo(Integer.toString(sent));
      assertThat(query(any, "SELECT sum(hits) FROM " + database + ".hits_hourly")).isEqualTo(Integer.toString(sent));

      ObjectMapper json = new ObjectMapper();
      // One phone, but two visitors: each redirector here keeps its own salts (embedded, in its data dir).
      for (WaymarkProcess w : redirectors) {
        HttpResponse<String> summary = send(WaymarkJarIT.authed(w.admin("/api/v1/stats/summary?link=spring"), KEY));
        assertThat(summary.statusCode()).as(summary.body()).isEqualTo(200);
        assertThat(json.readTree(summary.body())).isEqualTo(json.readTree(
            "{\"hits\":300,\"scans\":150,\"clicks\":150,\"visitors\":2,\"newVisitors\":2,\"returningVisitors\":0,"
                + "\"bots\":0,\"previews\":0,\"conversions\":0,\"revenue\":{}}"));
      }
      // A conversion finds its hit on whichever shard it went to, and is stored once.
      WaymarkAnalyticsIT.assertConversionRoundTrip(redirectors.get(1));
      assertThat(query(any, "SELECT count() FROM " + database + ".conversions")).isEqualTo("1");
      for (WaymarkProcess w : redirectors) {
        assertThat(w.terminate(Duration.ofSeconds(10))).isZero();
        assertThat(w.output()).doesNotContain("Exception");
      }
    } finally {
      for (WaymarkProcess w : redirectors) {
        w.close();
      }
    }
  }
}
