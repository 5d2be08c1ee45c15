package dev.waymark.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Smoke test: the generator's counts add up against a tiny in-process server answering 302. */
class LoadGeneratorTest {

  static Vertx vertx;
  static int port;
  static int closingPort;

  @BeforeAll
  static void startServer() throws Exception {
    vertx = Vertx.vertx();
    HttpServer server = vertx.createHttpServer()
        .requestHandler(req -> req.response().setStatusCode(302)
            .putHeader("Location", "https://example.com" + req.path()).end())
        .listen(0, "127.0.0.1")
        .await(10, TimeUnit.SECONDS);
    port = server.actualPort();
    // Like nginx's keepalive_requests: every 20th answer closes its connection.
    AtomicInteger answered = new AtomicInteger();
    closingPort = vertx.createHttpServer()
        .requestHandler(req -> {
          if (answered.incrementAndGet() % 20 == 0) {
            req.response().putHeader("Connection", "close");
          }
          req.response().setStatusCode(302).putHeader("Location", "https://example.com/").end();
        })
        .listen(0, "127.0.0.1")
        .await(10, TimeUnit.SECONDS)
        .actualPort();
  }

  @AfterAll
  static void stopServer() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  @Test
  void closedLoop_againstRedirectingServer_everyRequestAnsweredWith302() throws Exception {
    LoadResult result = LoadGenerator.run(plan(LoadPlan.Mode.CLOSED, 0, 0));

    assertThat(result.sent()).isPositive();
    assertThat(result.responses()).isEqualTo(result.sent());
    assertThat(result.redirects()).isEqualTo(result.sent());
    assertThat(result.errors()).isZero();
    assertThat(result.otherStatus()).isZero();
    assertThat(result.statuses()).containsOnlyKeys(302);
    assertThat(result.latency().getTotalCount()).isEqualTo(result.responses());
  }

  @Test
  void openLoop_atModestRate_sendsWhatIsDueAndCountsItAll() throws Exception {
    LoadResult result = LoadGenerator.run(plan(LoadPlan.Mode.OPEN, 2000, 0));

    assertThat(result.sent()).isPositive();
    assertThat(result.responses() + result.errors()).isEqualTo(result.sent());
    assertThat(result.errors()).isZero();
    assertThat(result.redirects()).isEqualTo(result.responses());
    assertThat(result.latency().getTotalCount()).isEqualTo(result.responses());
  }

  @Test
  void openLoop_fasterThanTheServerDuringWarmup_dropsTheBacklogAndEnds() throws Exception {
    // A rate far above what 2 connections to this server carry: the warm-up leaves a backlog
    // that the measured window must neither inherit nor loop over.
    LoadResult result = LoadGenerator.run(new LoadPlan("127.0.0.1", port, LoadPlan.Mode.OPEN, 2,
        1_000_000, Duration.ofMillis(300), Duration.ofMillis(300), 0, Duration.ofSeconds(2), 1,
        BenchCodes.generate(10), 1.0, false, 7));

    assertThat(result.sent()).isPositive();
    assertThat(result.missed()).isPositive();
    assertThat(result.errors()).isZero();
    assertThat(result.responses()).isEqualTo(result.sent());
  }

  @Test
  void requestBound_endsTheRunAfterThatManyMeasuredRequests() throws Exception {
    LoadResult result = LoadGenerator.run(plan(LoadPlan.Mode.CLOSED, 0, 500));

    assertThat(result.sent()).isEqualTo(500);
    assertThat(result.responses()).isEqualTo(500);
  }

  @Test
  void serverClosingConnections_lanesReconnect_withoutErrors() throws Exception {
    // Bounded by a request count, not by time: on a busy machine 500 ms may hold only a few
    // requests, and the point is that ten or more closes (every 20th answer) cost no error.
    LoadPlan plan = new LoadPlan("127.0.0.1", closingPort, LoadPlan.Mode.CLOSED, 4, 0,
        Duration.ofMillis(100), Duration.ofSeconds(60), 200, Duration.ofSeconds(2), 1,
        BenchCodes.generate(10), 1.0, false, 7);

    LoadResult result = LoadGenerator.run(plan);

    assertThat(result.sent()).isEqualTo(200);
    assertThat(result.errors()).isZero();
    assertThat(result.redirects()).isEqualTo(result.sent());
  }

  @Test
  void plan_nonLoopbackHost_isRefused() {
    assertThatThrownBy(() -> new LoadPlan("192.0.2.1", 80, LoadPlan.Mode.CLOSED, 1, 0,
        Duration.ZERO, Duration.ofSeconds(1), 0, Duration.ofSeconds(1), 1, List.of("a"), 1, false, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("non-loopback");
  }

  private static LoadPlan plan(LoadPlan.Mode mode, double rate, long maxRequests) {
    return new LoadPlan("127.0.0.1", port, mode, 4, rate, Duration.ofMillis(200),
        Duration.ofMillis(800), maxRequests, Duration.ofSeconds(2), 2, BenchCodes.generate(100),
        1.0, false, 7);
  }
}
