package dev.waymark.bench;

import dev.waymark.hit.HitEvent;
import dev.waymark.hit.HitIds;
import dev.waymark.hit.clickhouse.ClickHouseConfig;
import dev.waymark.hit.sink.AnalyticsSink;
import dev.waymark.hit.sink.AnalyticsSinkConfig;
import dev.waymark.hit.sink.HitQueue;
import dev.waymark.hit.sink.SinkStats;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.locks.LockSupport;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The analytics sink on its own, without HTTP: one producer offers hits as fast as the queue
 * takes them and the clock stops when the store (ClickHouse or embedded DuckDB) holds them all.
 * Answers "how many hits a second can the sink enrich and store" and, with JFR, where its CPU
 * goes. Hits are realistic: the load generator's User-Agent mix, 50,000 distinct client
 * addresses, UTM in a third of the queries, referrers on half.
 */
@Command(name = "sink-throughput", mixinStandardHelpOptions = true,
    description = "Push N hits through the analytics sink and time them into the store.")
public final class SinkThroughput implements Callable<Integer> {

  @Option(names = "-n", description = "hits to send (default ${DEFAULT-VALUE})")
  long hits = 1_000_000;

  @Option(names = "--clickhouse", description = "ClickHouse HTTP URL; embedded DuckDB when absent")
  String clickHouseUrl;

  @Option(names = "--database", description = "ClickHouse database (default ${DEFAULT-VALUE})")
  String database = "waymark_bench";

  @Option(names = "--batch", description = "most rows per batch, i.e. per insert (default ${DEFAULT-VALUE}, the service's)")
  int batchSize = AnalyticsSinkConfig.defaults(null).batchSize();

  @Option(names = "--warmup", description = "hits sent and stored before measuring, for the JIT (default ${DEFAULT-VALUE})")
  long warmup = 300_000;

  @Option(names = "--burst", description = "offer as fast as the queue takes hits, so that the sink "
      + "spills and catches up after; measures how fast a burst is taken in")
  boolean burst;

  @Option(names = "--timeout", description = "seconds to wait for the store (default ${DEFAULT-VALUE})")
  int timeoutSeconds = 300;

  public static void main(String[] args) {
    System.exit(new CommandLine(new SinkThroughput()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    Path dataDir = Files.createTempDirectory("waymark-sink-bench");
    ClickHouseConfig clickHouse = clickHouseUrl == null ? null : ClickHouseConfig.of(clickHouseUrl, database);
    if (clickHouse != null) {
      sql(clickHouse, "DROP DATABASE IF EXISTS " + database); // a fresh schema every run
      sql(clickHouse, "CREATE DATABASE " + database);
    }
    AnalyticsSinkConfig config = AnalyticsSinkConfig.defaults(clickHouse)
        .withBatches(batchSize, AnalyticsSinkConfig.defaults(null).flushInterval());
    AnalyticsSink sink = clickHouse == null
        ? AnalyticsSink.embedded(config, dataDir)
        : AnalyticsSink.clickHouse(config, dataDir);
    sink.start();
    HitEvent[] pool = hitPool(100_000);

    HitQueue warmupQueue = sink.newQueue(1 << 18).start();
    send(warmupQueue, pool, warmup, warmupQueue.capacity() / 4);
    warmupQueue.close(); // hands the last, partly filled batch over at once
    awaitRows(sink, warmup);
    HitQueue queue = sink.newQueue(1 << 18).start();
    com.sun.management.OperatingSystemMXBean os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long cpuStart = os.getProcessCpuTime();
    long producerCpuStart = threads.getCurrentThreadCpuTime();
    long start = System.nanoTime();
    long refused = send(queue, pool, hits, burst ? queue.capacity() : queue.capacity() / 4);
    long offered = System.nanoTime();
    if (burst) {
      awaitRows(sink, warmup + hits); // the queue's thread catches up on the spilled hits
      queue.close();
    } else {
      queue.close(); // the end of the input: no waiting out the flush interval for the last batch
      awaitRows(sink, warmup + hits);
    }
    long stored = System.nanoTime();
    long rows = sink.stats().rowsWritten() - warmup;
    // CPU the sink cost, JIT, GC and DuckDB's own threads included, the producer's left out: on a
    // shared core this, not wall time, is what tracking takes away from redirects.
    long sinkCpu = os.getProcessCpuTime() - cpuStart - (threads.getCurrentThreadCpuTime() - producerCpuStart);
    sink.close();
    SinkStats stats = sink.stats();
    double seconds = (stored - start) / 1e9;
    System.out.printf(Locale.ROOT, "store=%s hits=%d rows_written=%d seconds=%.2f rows_per_s=%.0f "
            + "sink_cpu_us_per_hit=%.2f offer_seconds=%.2f queue_full_waits=%d spool_dropped=%d "
            + "batches=%d mean_insert_ms=%.1f spooled_batches=%d spilled=%d%n",
        clickHouse == null ? "duckdb" : "clickhouse", hits, rows, seconds, rows / seconds,
        sinkCpu / 1e3 / Math.max(1, rows), (offered - start) / 1e9, refused, stats.droppedHits(),
        stats.batchesWritten(), stats.deliverySeconds() * 1e3 / Math.max(1, stats.batchesWritten()),
        stats.batchesSpooled(), stats.spilledHits());
    if (clickHouse != null) {
      String count = sql(clickHouse, "SELECT count(), uniqExact(hit_id) FROM " + database + ".hits").trim();
      System.out.println("clickhouse count, distinct hit ids (warm-up included): " + count.replace('\t', ' '));
    }
    return rows == hits ? 0 : 1;
  }

  /**
   * Offers {@code n} hits, waiting whenever the queue holds {@code pace}; returns how often it
   * waited. Below half full the sink enriches every hit as it comes, the rate measured by
   * default; fuller, it spills them and catches up once the queue is calm (see HitQueue).
   */
  private static long send(HitQueue queue, HitEvent[] pool, long n, int pace) {
    long refused = 0;
    for (long i = 0; i < n; i++) {
      HitEvent hit = withFreshId(pool[(int) (i % pool.length)]);
      while (queue.depth() >= pace || !queue.offer(hit)) {
        refused++;
        LockSupport.parkNanos(100_000); // a spinning producer would take the sink's core
      }
    }
    return refused;
  }

  private void awaitRows(AnalyticsSink sink, long rows) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(timeoutSeconds).toNanos();
    while (sink.stats().rowsWritten() < rows && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
  }

  private static HitEvent withFreshId(HitEvent t) {
    long now = System.currentTimeMillis();
    return new HitEvent(HitIds.next(now), now, t.code(), t.linkCode(), t.touchpointCode(),
        t.campaign(), t.channel(), t.stage(), t.source(), t.qr(), t.status(), t.userAgent(),
        t.referrer(), t.acceptLanguage(), t.query(), t.linkUtm(), t.clientIp());
  }

  private static HitEvent[] hitPool(int size) {
    SplittableRandom random = new SplittableRandom(42);
    UserAgents agents = new UserAgents();
    HitEvent[] pool = new HitEvent[size];
    for (int i = 0; i < size; i++) {
      String code = BenchCodes.code(random.nextInt(100_000));
      String ip = "10." + (i % 50_000 / 250) + "." + (i % 250) + "." + (1 + i % 7);
      String query = i % 3 == 0 ? "utm_source=newsletter&utm_medium=email" : i % 3 == 1 ? "qr=1" : "";
      String referrer = i % 2 == 0 ? "https://news.example.org/article/" + (i % 100) : "";
      pool[i] = new HitEvent(HitIds.next(0), 0, code, code, "", "spring-2026", "poster", "awareness",
          "utrecht-cs", query.contains("qr=1"), 302, agents.next(random), referrer,
          "nl-NL,nl;q=0.9,en;q=0.8", query, Map.of("source", "poster"), ip);
    }
    return pool;
  }

  private static String sql(ClickHouseConfig clickHouse, String query) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(clickHouse.url())
        .POST(HttpRequest.BodyPublishers.ofString(query)).build();
    HttpResponse<String> response = HttpClient.newHttpClient()
        .send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    if (response.statusCode() != 200) {
      throw new IllegalStateException("ClickHouse answered " + response.statusCode() + ": " + response.body());
    }
    return response.body();
  }
}
