package dev.waymark;

import static dev.waymark.WaymarkJarIT.KEY;
import static dev.waymark.WaymarkJarIT.authed;
import static dev.waymark.WaymarkJarIT.createLink;
import static dev.waymark.WaymarkJarIT.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three redirector processes behind HAProxy on loopback, run with docker/haproxy.cfg as the
 * scaled compose file ships it, sharing one Redis and one ClickHouse: a change made through one
 * redirector is obeyed by all within a second; a rolling restart under load fails no request at
 * the balancer, each restarted process is ready only once warm, and every answered redirect is one
 * row; visitors follow the client address the balancer passes on, whichever redirector answers.
 *
 * <p>The load comes from Java clients in the test rather than wrk, so every answer is counted
 * exactly, by status, and compared with the rows in ClickHouse.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class FleetJarIT {

  /** A Redis database of its own on the shared test Redis, so other tests' flushes miss it. */
  private static final int REDIS_DB = 11;
  /** Links in the store before the fleet forms; the load spreads over the first {@link #LOADED}. */
  private static final int SEEDED = 2000;
  private static final int LOADED = 50;
  private static final int LOAD_THREADS = 2;
  /** Above HAProxy's inter 500ms x fall 2 in docker/haproxy.cfg, with room for a busy machine. */
  private static final String DRAIN = "2s";
  private static final String PHONE = WaymarkAnalyticsIT.IPHONE;

  @TempDir
  Path tmp;

  private final String database = "waymark_fleet_" + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 1);
  private final List<Member> fleet = new ArrayList<>();
  private final List<String> outputs = new ArrayList<>();
  /** Every 3xx this test was answered, by any route: each must be one row in ClickHouse. */
  private final AtomicLong redirected = new AtomicLong();
  private Process haproxy;
  private int balancerPort;
  private int statsPort;

  /** One redirector: its ports and data dir stay across restarts, as a balancer expects. */
  private final class Member {
    final int index;
    final int httpPort;
    final int adminPort;
    final Path data;
    WaymarkProcess process;

    Member(int index) throws IOException {
      this.index = index;
      this.httpPort = WaymarkProcess.freePort();
      this.adminPort = WaymarkProcess.freePort();
      this.data = tmp.resolve("redirector-" + index);
    }

    WaymarkProcess start() throws IOException {
      Map<String, String> env = new HashMap<>(Map.of(
          "WAYMARK_ADMIN_API_KEY", KEY,
          "WAYMARK_REDIS_URL", redisUrl().toString(),
          "WAYMARK_CLICKHOUSE_URL", ClickHouseSql.url(),
          "WAYMARK_CLICKHOUSE_DATABASE", database,
          "WAYMARK_TRUSTED_PROXIES", "127.0.0.1",
          "WAYMARK_SHUTDOWN_DRAIN", DRAIN,
          "WAYMARK_PUBLIC_BASE_URL", "http://127.0.0.1:" + balancerPort));
      process = WaymarkProcess.start(data, env, httpPort, adminPort);
      return process;
    }

    String name() {
      return "redirector-" + index;
    }

    double metric(String series) throws Exception {
      return WaymarkJarIT.metric(send(authed(process.admin("/metrics"), KEY)).body(), series);
    }

    int ready() throws Exception {
      return send(HttpRequest.newBuilder(process.admin("/health/ready"))).statusCode();
    }
  }

  @AfterEach
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void tearDown() throws Exception {
    for (Member m : fleet) { // all at once: each takes its drain to stop
      if (m.process != null) {
        m.process.sigterm();
      }
    }
    for (Member m : fleet) {
      if (m.process != null) {
        m.process.close();
      }
    }
    if (haproxy != null) {
      haproxy.destroy();
      haproxy.waitFor(5, TimeUnit.SECONDS);
    }
    ClickHouseSql.post("DROP DATABASE IF EXISTS " + database);
    flushRedis();
  }

  @Test
  void fleetBehindHaproxy_changesReachAll_rollingRestartFailsNothing_visitorsFollowTheClient() throws Exception {
    flushRedis();
    balancerPort = WaymarkProcess.freePort();
    statsPort = WaymarkProcess.freePort();
    for (int i = 1; i <= 3; i++) {
      fleet.add(new Member(i));
    }
    Member first = fleet.get(0);
    first.start().awaitReady();
    step("redirector-1 ready");
    seedLinks(first.process);
    step("links seeded");
    // Their sinks and the first one's open at about the same time, each migrating the new
    // database, as a fleet started together does.
    fleet.get(1).start();
    fleet.get(2).start();
    for (Member m : fleet.subList(1, 3)) {
      assertWarmWhenReady(m);
    }
    step("redirectors 2 and 3 ready and warm");
    startHaproxy();
    step("haproxy sees three up");

    changeOnOne_isObeyedByAllWithinASecond();
    step("change obeyed by all");
    visitors_followTheClientTheBalancerNames();
    step("visitors sent");
    rollingRestartUnderLoad_failsNothing_andEveryAnswerIsOneRow();
  }

  /** Progress on stderr, so a slow or failed run shows which step took the time. */
  private final long began = System.nanoTime();

  private void step(String what) {
    System.err.printf("FleetJarIT +%.1fs %s%n", (System.nanoTime() - began) / 1e9, what);
  }

  private void changeOnOne_isObeyedByAllWithinASecond() throws Exception {
    for (Member m : fleet) { // cached everywhere first, so what is tested is the change notice
      assertThat(location(m, "/patched")).isEqualTo("https://shop.example/old");
    }
    HttpResponse<String> patched = send(authed(fleet.get(0).process.admin("/api/v1/links/patched"), KEY)
        .header("Content-Type", "application/merge-patch+json")
        .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"url\":\"https://shop.example/new\"}")));
    assertThat(patched.statusCode()).as(patched.body()).isEqualTo(200);
    await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(20)).untilAsserted(() -> {
      for (Member m : fleet) {
        assertThat(location(m, "/patched")).as(m.name()).isEqualTo("https://shop.example/new");
      }
    });
  }

  /**
   * On loopback the test shares HAProxy's address, which the redirectors trust; so the test plays
   * a trusted hop in front (a CDN) that names the client in X-Forwarded-For, HAProxy appends the
   * test's 127.0.0.1, and the right-most address that is not trusted is the client the test chose.
   * Round robin sends three requests in a row to three different redirectors.
   */
  private void visitors_followTheClientTheBalancerNames() throws Exception {
    HttpClient client = http();
    Map<String, String> clients = Map.of(
        "visit-a", "198.51.100.1",
        "visit-b", "198.51.100.2",
        // Addresses to the left of the client are whatever the client claimed: never believed.
        "visit-c", "203.0.113.9, 198.51.100.1");
    for (Map.Entry<String, String> c : clients.entrySet()) {
      double[] before = servedBy();
      for (int i = 0; i < 3; i++) {
        HttpResponse<Void> r = client.send(viaBalancer("/" + c.getKey(), c.getValue()), HttpResponse.BodyHandlers.discarding());
        assertThat(r.statusCode()).isEqualTo(302);
        redirected.incrementAndGet();
      }
      double[] after = servedBy();
      for (int m = 0; m < fleet.size(); m++) {
        assertThat(after[m] - before[m]).as("redirects of %s by %s", c.getKey(), fleet.get(m).name()).isEqualTo(1);
      }
    }
  }

  private void rollingRestartUnderLoad_failsNothing_andEveryAnswerIsOneRow() throws Exception {
    Load load = new Load().start();
    try {
      await().atMost(Duration.ofSeconds(10)).until(() -> load.answered() > 200);
      for (Member m : fleet) {
        long before = load.answered();
        step("SIGTERM " + m.name() + " at " + load.answered() + " answered");
        m.process.sigterm();
        assertThat(m.process.awaitExit(Duration.ofSeconds(20))).as(m.process.output()).isZero();
        outputs.add(m.process.output());
        assertThat(load.answered()).as("the balancer kept answering while %s stopped", m.name()).isGreaterThan(before);
        m.start();
        step(m.name() + " stopped, restarting");
        assertWarmWhenReady(m);
        step(m.name() + " ready");
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
            .until(() -> "UP".equals(haproxyStats(m.name()).get("status")));
      }
      long before = load.answered();
      await().atMost(Duration.ofSeconds(10)).until(() -> load.answered() > before + 200);
    } finally {
      load.stop();
    }
    step("load stopped: " + load.statuses + " failures " + load.failures);
    assertThat(load.failures).as("requests that got no answer at the balancer").isEmpty();
    assertThat(load.statuses.keySet()).as("statuses answered at the balancer").containsOnly(302);
    long loadAnswered = load.answered();
    redirected.addAndGet(loadAnswered);

    Map<String, String> backend = haproxyStats("BACKEND");
    assertThat(backend.get("wretr")).as("connection retries: the drain, not retries, kept requests whole").isEqualTo("0");
    assertThat(backend.get("wredis")).as("redispatches").isEqualTo("0");
    assertThat(backend.get("hrsp_5xx")).isEqualTo("0");
    for (Member m : fleet) {
      // Primed: the restarted process served its share of the load without asking the store once.
      assertThat(m.metric("cache_gets_total{cache=\"links\",result=\"hit\"}")).as(m.name()).isPositive();
      assertThat(m.metric("cache_gets_total{cache=\"links\",result=\"miss\"}")).as(m.name()).isZero();
    }

    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
        .until(() -> rows("") >= redirected.get());
    step("rows arrived");
    assertThat(rows("")).as("rows == redirects answered").isEqualTo(redirected.get());
    assertThat(rows("WHERE link_code LIKE 's%'")).as("rows of the load").isEqualTo(loadAnswered);
    assertVisitors();

    fleet.forEach(m -> m.process.sigterm()); // together: each spends its drain
    for (Member m : fleet) {
      assertThat(m.process.awaitExit(Duration.ofSeconds(20))).isZero();
      outputs.add(m.process.output());
    }
    assertThat(rows("")).as("nothing more arrived after the stop").isEqualTo(redirected.get());
    assertThat(outputs).noneMatch(o -> o.contains("blocked for"));
  }

  private void assertVisitors() throws Exception {
    Map<String, String[]> byLink = new HashMap<>();
    for (String line : ClickHouseSql.query("SELECT link_code, count(), uniqExact(visitor), any(visitor), "
        + "uniqExact(visitor_month), any(visitor_month) FROM " + database + ".hits "
        + "WHERE link_code IN ('visit-a', 'visit-b', 'visit-c') GROUP BY link_code FORMAT TabSeparated").split("\n")) {
      String[] f = line.split("\t");
      byLink.put(f[0], f);
    }
    assertThat(byLink).containsOnlyKeys("visit-a", "visit-b", "visit-c");
    for (String[] f : byLink.values()) {
      assertThat(f[1]).as("rows of %s", f[0]).isEqualTo("3");
      assertThat(f[2]).as("one client through three redirectors: one daily visitor (%s)", f[0]).isEqualTo("1");
      assertThat(f[4]).as("and one monthly visitor (%s)", f[0]).isEqualTo("1");
    }
    assertThat(byLink.get("visit-b")[3]).as("another client").isNotEqualTo(byLink.get("visit-a")[3]);
    assertThat(byLink.get("visit-b")[5]).isNotEqualTo(byLink.get("visit-a")[5]);
    assertThat(byLink.get("visit-c")[3]).as("a claimed address left of the client changes nothing")
        .isEqualTo(byLink.get("visit-a")[3]);
    assertThat(byLink.get("visit-c")[5]).isEqualTo(byLink.get("visit-a")[5]);
  }

  /**
   * Readiness must say yes only once the cache holds every stored link: the first 200 is followed
   * at once by a look at the cache, which must already be full.
   */
  private void assertWarmWhenReady(Member m) throws Exception {
    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20)).ignoreExceptions()
        .until(() -> {
          if (!m.process.isAlive()) {
            throw new AssertionError(m.process.output());
          }
          return m.ready() == 200;
        });
    assertThat(m.metric("cache_size{cache=\"links\"}")).as("links cached when %s said ready", m.name())
        .isGreaterThanOrEqualTo(SEEDED + 4);
  }

  private void seedLinks(WaymarkProcess w) throws Exception {
    int per = 200;
    for (int from = 0; from < SEEDED; from += per) {
      StringBuilder body = new StringBuilder("{\"links\":[");
      for (int i = from; i < from + per; i++) {
        body.append(i == from ? "" : ",").append(String.format(
            "{\"slug\":\"s%04d\",\"url\":\"https://shop.example/p/%d\",\"campaign\":\"fleet\"}", i, i));
      }
      String json = body.append("]}").toString();
      // Each store command has a second; on a busy machine a burst of creates can miss it (503).
      // Sent again, links already written are answered as taken; every later redirector is checked
      // to have cached all of them.
      HttpResponse<String> r = null;
      for (int attempt = 0; attempt < 3 && (r == null || r.statusCode() == 503); attempt++) {
        r = WaymarkProcess.HTTP.send(authed(w.admin("/api/v1/links/import"), KEY)
            .header("Content-Type", "application/json").timeout(Duration.ofSeconds(60))
            .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
      }
      assertThat(r.statusCode()).as(r.body()).isBetween(200, 299);
    }
    for (String slug : List.of("visit-a", "visit-b", "visit-c")) {
      assertThat(createLink(w, KEY, "{\"slug\":\"" + slug + "\",\"url\":\"https://shop.example/" + slug + "\"}")
          .statusCode()).isEqualTo(201);
    }
    assertThat(createLink(w, KEY, "{\"slug\":\"patched\",\"url\":\"https://shop.example/old\"}").statusCode())
        .isEqualTo(201);
  }

  private void startHaproxy() throws Exception {
    Path config = repoFile("docker/haproxy.cfg");
    ProcessBuilder builder = new ProcessBuilder("haproxy", "-db", "-f", config.toString())
        .redirectErrorStream(true).redirectOutput(tmp.resolve("haproxy.log").toFile());
    Map<String, String> env = builder.environment();
    env.put("WAYMARK_LB_BIND", "127.0.0.1:" + balancerPort);
    env.put("WAYMARK_LB_STATS_BIND", "127.0.0.1:" + statsPort);
    for (Member m : fleet) {
      env.put("WAYMARK_REDIRECTOR_" + m.index, "127.0.0.1:" + m.httpPort);
      env.put("WAYMARK_REDIRECTOR_" + m.index + "_ADMIN_PORT", Integer.toString(m.adminPort));
    }
    try {
      haproxy = builder.start();
    } catch (IOException e) {
      throw new IllegalStateException("haproxy not found: run scripts/services.sh tools (it installs it)", e);
    }
    await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100)).ignoreExceptions().until(() -> {
      if (!haproxy.isAlive()) {
        throw new AssertionError("haproxy exited: " + Files.readString(tmp.resolve("haproxy.log")));
      }
      for (Member m : fleet) {
        if (!"UP".equals(haproxyStats(m.name()).get("status"))) {
          return false;
        }
      }
      return true;
    });
  }

  /** One row of HAProxy's CSV statistics of the redirectors' backend, by column name. */
  private Map<String, String> haproxyStats(String server) throws Exception {
    String csv = send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + statsPort + "/stats;csv"))).body();
    String[] lines = csv.split("\n");
    String[] header = lines[0].replaceFirst("^# ", "").split(",", -1);
    for (String line : lines) {
      String[] f = line.split(",", -1);
      if (f.length > 1 && f[0].equals("redirectors") && f[1].equals(server)) {
        Map<String, String> row = new HashMap<>();
        for (int i = 0; i < header.length && i < f.length; i++) {
          row.put(header[i], f[i]);
        }
        return row;
      }
    }
    throw new AssertionError("no row for " + server + " in HAProxy's stats:\n" + csv);
  }

  /** 302s each redirector has answered so far, in fleet order. */
  private double[] servedBy() throws Exception {
    double[] served = new double[fleet.size()];
    for (int i = 0; i < served.length; i++) {
      served[i] = fleet.get(i).metric("waymark_redirects_total{status=\"302\"}");
    }
    return served;
  }

  private String location(Member m, String path) throws Exception {
    HttpResponse<String> r = send(HttpRequest.newBuilder(m.process.pub(path)).header("User-Agent", PHONE));
    assertThat(r.statusCode()).isEqualTo(302);
    redirected.incrementAndGet();
    return r.headers().firstValue("Location").orElseThrow();
  }

  private HttpRequest viaBalancer(String path, String forwardedFor) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + balancerPort + path))
        .header("User-Agent", PHONE).header("X-Forwarded-For", forwardedFor)
        .timeout(Duration.ofSeconds(10)).build();
  }

  private long rows(String where) throws Exception {
    return Long.parseLong(ClickHouseSql.query("SELECT count() FROM " + database + ".hits " + where));
  }

  private static HttpClient http() {
    return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(2)).build();
  }

  /**
   * Bounded load through the balancer: a few clients on kept-alive connections, each a short
   * pause between requests, spread over {@link #LOADED} codes and forty client addresses.
   */
  private final class Load {
    final Map<Integer, LongAdder> statuses = new ConcurrentHashMap<>();
    final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final List<Thread> threads = new ArrayList<>();

    Load start() {
      for (int t = 0; t < LOAD_THREADS; t++) {
        int offset = t;
        Thread thread = new Thread(() -> run(offset), "fleet-load-" + t);
        thread.setDaemon(true);
        threads.add(thread);
        thread.start();
      }
      return this;
    }

    private void run(int offset) {
      HttpClient client = http();
      for (long i = offset; running.get() && i < 1_000_000; i += LOAD_THREADS) {
        String path = String.format("/s%04d", i % LOADED);
        try {
          HttpResponse<Void> r = client.send(viaBalancer(path, "198.51.100." + (10 + i % 40)),
              HttpResponse.BodyHandlers.discarding());
          statuses.computeIfAbsent(r.statusCode(), s -> new LongAdder()).increment();
          TimeUnit.MILLISECONDS.sleep(3);
        } catch (InterruptedException e) {
          return;
        } catch (IOException e) {
          if (failures.size() < 20) {
            failures.add(path + ": " + e);
          }
        }
      }
    }

    long answered() {
      LongAdder ok = statuses.get(302);
      return ok == null ? 0 : ok.sum();
    }

    void stop() throws InterruptedException {
      running.set(false);
      for (Thread t : threads) {
        t.join(15_000);
      }
    }
  }

  private static URI redisUrl() {
    String url = System.getenv("WAYMARK_TEST_REDIS_URL");
    if (url == null || url.isBlank()) {
      throw new IllegalStateException("WAYMARK_TEST_REDIS_URL is not set: run the ITs with scripts/test.sh");
    }
    URI base = URI.create(url);
    return URI.create(base.getScheme() + "://" + base.getAuthority() + "/" + REDIS_DB);
  }

  private static void flushRedis() {
    RedisClient client = RedisClient.create(RedisURI.create(redisUrl().toString()));
    try (StatefulRedisConnection<String, String> c = client.connect()) {
      c.sync().flushdb();
    } finally {
      client.shutdown();
    }
  }

  /** Failsafe runs in the module's directory; docker/ is the repository's. */
  private static Path repoFile(String relative) {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.exists(dir.resolve(relative))) {
        return dir.resolve(relative);
      }
    }
    throw new IllegalStateException(relative + " not found above " + Path.of("").toAbsolutePath());
  }
}
