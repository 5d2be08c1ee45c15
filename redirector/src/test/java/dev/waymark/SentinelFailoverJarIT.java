package dev.waymark;

import static dev.waymark.RedisProcess.cli;
import static dev.waymark.WaymarkJarIT.KEY;
import static dev.waymark.WaymarkJarIT.createLink;
import static dev.waymark.WaymarkJarIT.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The master of a Sentinel setup dies while the jar redirects: cached codes keep redirecting
 * throughout, and writes come back once the sentinels have promoted the replica. A setup of its
 * own (master, replica, three sentinels on free ports), since killing the shared one's master
 * would disturb every other test.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SentinelFailoverJarIT {

  private static final String MASTER_NAME = "failover";

  @TempDir
  Path tmp;

  private final List<Process> processes = new ArrayList<>();

  @AfterEach
  void stopAll() throws InterruptedException {
    RedisProcess.stopAll(processes);
  }

  @Test
  void masterKilledUnderLoad_cachedCodesKeepRedirecting_writesComeBackAfterFailover() throws Exception {
    int master = WaymarkProcess.freePort();
    int replica = WaymarkProcess.freePort();
    Process masterProcess = redis("--port", Integer.toString(master));
    redis("--port", Integer.toString(replica), "--replicaof", "127.0.0.1", Integer.toString(master));
    List<Integer> sentinels = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      int port = WaymarkProcess.freePort();
      Path conf = tmp.resolve("sentinel-" + port + ".conf");
      Files.writeString(conf, "sentinel monitor " + MASTER_NAME + " 127.0.0.1 " + master + " 2\n"
          + "sentinel down-after-milliseconds " + MASTER_NAME + " 1000\n"
          + "sentinel failover-timeout " + MASTER_NAME + " 5000\n", StandardCharsets.UTF_8);
      processes.add(new ProcessBuilder("redis-server", conf.toString(), "--sentinel", "--port", Integer.toString(port),
          "--bind", "127.0.0.1", "--dir", tmp.toString())
          .redirectErrorStream(true).redirectOutput(tmp.resolve("sentinel-" + port + ".log").toFile()).start());
      sentinels.add(port);
    }
    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() ->
        cli(replica, "INFO", "replication").contains("master_link_status:up")
            && cli(sentinels.get(0), "SENTINEL", "master", MASTER_NAME).contains("num-other-sentinels\n2"));

    String url = "redis-sentinel://127.0.0.1:" + sentinels.get(0) + ",127.0.0.1:" + sentinels.get(1)
        + ",127.0.0.1:" + sentinels.get(2) + "/" + MASTER_NAME;
    try (WaymarkProcess w = WaymarkProcess.start(tmp.resolve("data"), Map.of("WAYMARK_ADMIN_API_KEY", KEY,
        "WAYMARK_REDIS_URL", url, "WAYMARK_TRACKING", "off")).awaitReady()) {
      assertThat(createLink(w, KEY, "{\"slug\":\"spring\",\"url\":\"https://shop.example/spring\"}").statusCode())
          .isEqualTo(201);
      assertThat(send(HttpRequest.newBuilder(w.pub("/spring"))).statusCode()).isEqualTo(302);

      try (RedirectLoad load = RedirectLoad.start(w, List.of("spring"))) {
        await().atMost(Duration.ofSeconds(5)).until(() -> load.redirected() > 50);

        masterProcess.destroyForcibly();
        masterProcess.waitFor(5, TimeUnit.SECONDS);
        int beforeFailover = load.redirected();
        // Writes fail while there is no master; the sentinels promote the replica within seconds.
        AtomicInteger attempt = new AtomicInteger();
        await().atMost(Duration.ofSeconds(45)).pollInterval(Duration.ofMillis(500)).until(() ->
            createLink(w, KEY, "{\"slug\":\"after" + attempt.incrementAndGet()
                + "\",\"url\":\"https://shop.example/after\"}").statusCode() == 201);
        assertThat(cli(replica, "INFO", "replication")).contains("role:master");
        String created = "after" + attempt.get();
        assertThat(send(HttpRequest.newBuilder(w.pub("/" + created))).statusCode())
            .as("a code created after the failover is read from the new master").isEqualTo(302);

        load.close();
        assertThat(load.failures()).as("answers other than 302 for the cached code").isEmpty();
        assertThat(load.redirected()).as("redirects went on during the failover").isGreaterThan(beforeFailover + 50);
      }
      assertThat(w.terminate(Duration.ofSeconds(15))).isZero();
    }
  }

  private Process redis(String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of("redis-server", "--bind", "127.0.0.1", "--save", "",
        "--appendonly", "no", "--dir", tmp.toString()));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    processes.add(p);
    return p;
  }
}
