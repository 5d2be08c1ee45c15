package dev.waymark;

import static dev.waymark.WaymarkJarIT.KEY;
import static dev.waymark.WaymarkJarIT.createLink;
import static dev.waymark.WaymarkJarIT.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A rolling restart's stop, as a balancer sees it: after SIGTERM the process says it is not ready
 * but keeps redirecting for the drain, then exits cleanly with every answered hit stored.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ShutdownDrainJarIT {

  @TempDir
  Path tmp;

  @Test
  void sigterm_readinessGoesDown_redirectsGoOnForTheDrain_thenEveryHitIsStored() throws Exception {
    Path data = tmp.resolve("data");
    int answered = 0;
    try (WaymarkProcess w = WaymarkProcess.start(data, Map.of("WAYMARK_ADMIN_API_KEY", KEY,
        "WAYMARK_SHUTDOWN_DRAIN", "3s")).awaitReady()) {
      assertThat(createLink(w, KEY, "{\"slug\":\"spring\",\"url\":\"https://shop.example/spring\"}").statusCode())
          .isEqualTo(201);
      answered += redirects(w, 5);
      // The analytics store opens after the first redirects; a stop before that spools the hits.
      await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(() -> WaymarkJarIT.metric(
          send(WaymarkJarIT.authed(w.admin("/metrics"), KEY)).body(), "waymark_analytics_rows_written_total") == 5);
      long signalled = System.nanoTime();
      w.sigterm();
      await().atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(50))
          .until(() -> send(HttpRequest.newBuilder(w.admin("/health/ready"))).statusCode() == 503);
      // Still inside the drain: the balancer has not noticed yet, and nothing it sends fails.
      answered += redirects(w, 20);
      assertThat(Duration.ofNanos(System.nanoTime() - signalled)).isLessThan(Duration.ofSeconds(3));
      assertThat(w.awaitExit(Duration.ofSeconds(20))).as(w.output()).isZero();
      assertThat(w.output()).contains("event=draining");
    }
    try (Connection db = DriverManager.getConnection("jdbc:duckdb:" + data.resolve("hits.duckdb"));
        ResultSet rs = db.createStatement().executeQuery("SELECT count(*) FROM hits")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getLong(1)).isEqualTo(answered);
    }
  }

  private static int redirects(WaymarkProcess w, int n) throws Exception {
    for (int i = 0; i < n; i++) {
      HttpResponse<String> r = send(HttpRequest.newBuilder(w.pub("/spring")));
      assertThat(r.statusCode()).isEqualTo(302);
    }
    return n;
  }
}
