package dev.waymark.bench;

import dev.waymark.hit.Device;
import dev.waymark.hit.EncodedBatch;
import dev.waymark.hit.HitBatch;
import dev.waymark.hit.HitRow;
import dev.waymark.hit.HitStore;
import dev.waymark.hit.Traffic;
import dev.waymark.hit.clickhouse.ClickHouseConfig;
import dev.waymark.hit.clickhouse.ClickHouseHttp;
import dev.waymark.hit.clickhouse.ClickHouseStats;
import dev.waymark.hit.clickhouse.ClickHouseWriter;
import dev.waymark.hit.duckdb.DuckDbStats;
import dev.waymark.hit.duckdb.DuckDbStore;
import dev.waymark.hit.row.HitsRowBinary;
import dev.waymark.journey.Stage;
import dev.waymark.stats.Dimension;
import dev.waymark.stats.Interval;
import dev.waymark.stats.StatsQuery;
import dev.waymark.stats.StatsStore;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * How long the stats questions take at real sizes (issue 14): seeds a fresh store with N hits over
 * 90 days through the project's own write path ({@link HitsRowBinary} batches into
 * {@link ClickHouseWriter} after its {@code Migrations}, or {@link DuckDbStore#deliver(HitBatch,
 * boolean)}), then times summary, daily time series, touchpoint breakdown and 7-day funnel through
 * the real {@link StatsStore} ({@link ClickHouseStats}, {@link DuckDbStats}) and prints p50/p95/max.
 *
 * <p>Hits are built as rows (already enriched), not pushed through the sink: the sink's own rate is
 * {@link SinkThroughput}'s question. The mix: 1,000 links with Zipf popularity, 5 touchpoints each
 * (one per journey stage), 30% of hits on the bare link; journeys of 1 to 5 hits per visitor a few
 * hours to days apart, going one stage further each hit, by N/5 visitors; 88% human, 8% bots, 4% link previews.
 */
@Command(name = "stats-bench", mixinStandardHelpOptions = true,
    description = "Seed N hits over 90 days into a fresh store and time the stats queries.")
public final class StatsBench implements Callable<Integer> {

  static final int LINKS = 1_000;
  static final int TOUCHPOINTS_PER_LINK = 5; // 5,000 touchpoints
  static final int DAYS = 90;

  @Option(names = "--hits", description = "hits to seed (default ${DEFAULT-VALUE})")
  long hits = 10_000_000;

  @Option(names = "--clickhouse", description = "ClickHouse HTTP URL, loopback only (default ${DEFAULT-VALUE})")
  String clickHouseUrl = "http://127.0.0.1:8123";

  @Option(names = "--database", description = "ClickHouse database, dropped and made afresh (default ${DEFAULT-VALUE})")
  String database = "waymark_statsbench";

  @Option(names = "--duckdb", description = "embedded DuckDB file instead of ClickHouse (must not exist)")
  Path duckDb;

  @Option(names = "--batch", description = "rows per insert (default: 500,000 ClickHouse, 50,000 DuckDB)")
  Integer batch;

  @Option(names = "--warmup", description = "untimed runs of each query first (default ${DEFAULT-VALUE})")
  int warmup = 3;

  @Option(names = "--runs", description = "timed runs of each query (default ${DEFAULT-VALUE})")
  int runs = 20;

  @Option(names = "--no-seed", description = "time the queries on what the store already holds")
  boolean noSeed;

  @Option(names = "--errors", description = "ClickHouse: answer each question once more without sampling and"
      + " print how far the timed answers' visitor figures are from the exact ones")
  boolean errors;

  public static void main(String[] args) {
    System.exit(new CommandLine(new StatsBench()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    Instant to = Instant.now().truncatedTo(ChronoUnit.DAYS);
    Instant from = to.minus(Duration.ofDays(DAYS));
    HitStore store;
    StatsStore stats;
    int batchRows;
    if (duckDb != null) {
      if (!noSeed && Files.exists(duckDb)) {
        throw new IllegalArgumentException(duckDb + " exists; the seed wants a fresh file");
      }
      DuckDbStore duck = DuckDbStore.open(duckDb);
      store = duck;
      stats = new DuckDbStats(duck);
      batchRows = batch == null ? 50_000 : batch;
    } else {
      Loopback.require(URI.create(clickHouseUrl).getHost());
      ClickHouseConfig config = ClickHouseConfig.of(clickHouseUrl, database);
      ClickHouseHttp http = new ClickHouseHttp(config);
      if (!noSeed) {
        http.execute("DROP DATABASE IF EXISTS " + database);
        http.execute("CREATE DATABASE " + database);
      }
      store = new ClickHouseWriter(http);
      stats = new ClickHouseStats(config);
      batchRows = batch == null ? 500_000 : batch;
    }
    System.out.printf(Locale.ROOT, "store=%s hits=%d range=%s..%s%n", store.kind(), hits, from, to);
    if (!noSeed) {
      store.migrate();
      long start = System.nanoTime();
      long seeded = seed(store, from, batchRows);
      double seconds = (System.nanoTime() - start) / 1e9;
      System.out.printf(Locale.ROOT, "seeded rows=%d seconds=%.1f rows_per_s=%.0f%n", seeded, seconds,
          seeded / seconds);
    }

    StatsQuery all = StatsQuery.of(from, to);
    Map<String, Query> queries = new LinkedHashMap<>();
    queries.put("summary", () -> stats.summary(all));
    queries.put("timeseries_day", () -> stats.timeSeries(all, Interval.DAY));
    queries.put("breakdown_touchpoint_10", () -> stats.breakdown(all, Dimension.TOUCHPOINT, 10));
    queries.put("funnel_7d", () -> stats.funnel(all, Duration.ofDays(7)));
    System.out.printf(Locale.ROOT, "%-24s %8s %8s %8s  (ms, %d runs after %d warm-up)%n",
        "query", "p50", "p95", "max", runs, warmup);
    int failed = 0;
    for (Map.Entry<String, Query> q : queries.entrySet()) {
      Object answer = null;
      double[] ms = new double[runs];
      try {
        for (int i = 0; i < warmup; i++) {
          answer = q.getValue().run();
        }
        for (int i = 0; i < runs; i++) {
          long t0 = System.nanoTime();
          answer = q.getValue().run();
          ms[i] = (System.nanoTime() - t0) / 1e6;
        }
      } catch (Exception e) {
        failed++; // one refused question (e.g. the server's memory limit) must not hide the others
        System.out.printf(Locale.ROOT, "%-24s FAILED: %s%n", q.getKey(), e.getMessage());
        continue;
      }
      Arrays.sort(ms);
      System.out.printf(Locale.ROOT, "%-24s %8.1f %8.1f %8.1f%n", q.getKey(), percentile(ms, 0.50),
          percentile(ms, 0.95), ms[ms.length - 1]);
      String text = String.valueOf(answer);
      System.out.println("  answer: " + (text.length() > 300 ? text.substring(0, 300) + "…" : text));
    }
    if (errors && duckDb == null) {
      Errors.print(stats, new ClickHouseStats(ClickHouseConfig.of(clickHouseUrl, database), Long.MAX_VALUE), all);
    }
    store.close();
    return failed == 0 ? 0 : 1;
  }

  /** Nearest-rank percentile of sorted values. */
  static double percentile(double[] sorted, double p) {
    int rank = (int) Math.ceil(p * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
  }

  @FunctionalInterface
  interface Query {
    Object run() throws Exception;
  }

  /**
   * Builds batches on this thread and delivers them on another, one batch ahead, so encoding and
   * the store's insert overlap.
   */
  private long seed(HitStore store, Instant from, int batchRows) throws Exception {
    HitMix mix = new HitMix(from.getEpochSecond(), 42, Math.max(1_000, hits / 5));
    ExecutorService delivery = Executors.newSingleThreadExecutor();
    Future<?> pending = null;
    long made = 0;
    long nextReport = 1_000_000;
    try {
      while (made < hits) {
        int n = (int) Math.min(batchRows, hits - made);
        UUID batchId = UUID.randomUUID();
        List<HitRow> rows = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
          rows.add(mix.next(batchId));
        }
        made += n;
        Runnable deliver;
        if (store instanceof DuckDbStore duck) {
          HitBatch b = new HitBatch(batchId, rows, System.currentTimeMillis());
          deliver = () -> call(() -> duck.deliver(b, false));
        } else {
          long minTs = Long.MAX_VALUE;
          long maxTs = Long.MIN_VALUE;
          for (HitRow r : rows) {
            minTs = Math.min(minTs, r.ts());
            maxTs = Math.max(maxTs, r.ts());
          }
          EncodedBatch b = EncodedBatch.of(batchId, n, minTs, maxTs, System.currentTimeMillis(),
              HitsRowBinary.gzip(rows), false);
          deliver = () -> call(() -> store.deliver(b, false));
        }
        if (pending != null) {
          pending.get();
        }
        pending = delivery.submit(deliver);
        if (made >= nextReport) {
          System.out.printf(Locale.ROOT, "  built %,d%n", made);
          nextReport += 1_000_000;
        }
      }
      if (pending != null) {
        pending.get();
      }
    } finally {
      delivery.shutdownNow();
    }
    return made;
  }

  private static void call(Callable<?> c) {
    try {
      c.call();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Realistic enriched hits: a visitor's journey along one link's touchpoints, hit by hit. Not
   * thread-safe.
   */
  static final class HitMix {
    private static final String[] CHANNELS = {"poster", "email", "social", "print", "web", "event", "packaging"};
    private static final String[] COUNTRIES = {"NL", "DE", "BE", "FR", "GB", "US", "ES", "IT", "PL", "SE", ""};
    private static final String[] LANGUAGES = {"nl", "de", "en", "fr", "es", "it", "pl", "sv"};
    private static final String[] REFERRERS = {"", "", "", "www.google.com", "t.co", "www.facebook.com",
        "news.example.org", "www.linkedin.com"};
    private static final String[][] HUMAN_AGENTS = {
        {"mobile", "iOS", "17.4", "Safari", "17.4"}, {"mobile", "Android", "14", "Chrome", "122.0"},
        {"mobile", "Android", "13", "Samsung Internet", "24.0"}, {"desktop", "Windows", "10", "Chrome", "122.0"},
        {"desktop", "Mac OS", "14.3", "Safari", "17.3"}, {"desktop", "Windows", "10", "Edge", "122.0"},
        {"desktop", "Linux", "", "Firefox", "123.0"}, {"tablet", "iPadOS", "17.4", "Safari", "17.4"}};
    private static final String[] BOTS = {"Googlebot", "bingbot", "AhrefsBot", "YandexBot"};
    private static final String[] PREVIEWS = {"Slackbot", "WhatsApp", "facebookexternalhit", "Twitterbot"};

    private final long fromEpoch;
    private final long visitors;
    private final SplittableRandom random;
    private final ZipfSampler links = new ZipfSampler(LINKS, 1.0);
    // The journey under way: the remaining hits of one visitor along one link.
    private int link;
    private int step;
    private int steps;
    private long ts;
    private long visitor;
    private String[] agent;
    private Traffic traffic;
    private String botName;
    private String country;
    private String language;
    private String referrer;

    HitMix(long fromEpoch, long seed, long visitors) {
      this.fromEpoch = fromEpoch;
      this.visitors = visitors;
      this.random = new SplittableRandom(seed);
    }

    HitRow next(UUID batchId) {
      if (step >= steps) {
        startJourney();
      }
      int s = step++;
      if (s > 0) {
        // hours to days later, sometimes past the funnel's 7-day window
        ts = Math.min(ts + 600 + random.nextLong(9L * 86_400), fromEpoch + DAYS * 86_400L - 1);
      }
      String linkCode = "l" + link;
      Stage stage = Stage.JOURNEY.get(s);
      boolean direct = s == 0 && random.nextInt(10) < 3; // the bare link: its own stage, awareness
      int touchpoint = link * TOUCHPOINTS_PER_LINK + s;
      String touchpointCode = direct ? "" : "t" + touchpoint;
      String channel = direct ? "" : CHANNELS[touchpoint % CHANNELS.length];
      boolean qrChannel = channel.equals("poster") || channel.equals("print") || channel.equals("packaging")
          || channel.equals("event");
      boolean qr = qrChannel && random.nextInt(10) < 8;
      String utmSource = channel.equals("email") ? "newsletter" : channel.equals("social") ? "instagram" : "";
      Device device = traffic == Traffic.HUMAN ? Device.valueOf(agent[0].toUpperCase(Locale.ROOT))
          : traffic == Traffic.BOT ? Device.BOT : Device.OTHER;
      // The sink's monthly salt changes with the UTC calendar month (Visitors), and the stats count a
      // visitor as one visitor_month value, so the seed must rotate on the same boundary.
      LocalDate day = LocalDate.ofEpochDay(ts / 86_400);
      long month = day.getYear() * 12L + day.getMonthValue();
      return new HitRow(ts, new UUID(random.nextLong(), random.nextLong()), batchId,
          direct ? linkCode : touchpointCode, linkCode, touchpointCode, "c" + (link % 50), channel, stage,
          direct ? "" : "s" + (touchpoint % 200), qr, "", 302, device,
          traffic == Traffic.HUMAN ? agent[1] : "", traffic == Traffic.HUMAN ? agent[2] : "",
          traffic == Traffic.HUMAN ? agent[3] : "", traffic == Traffic.HUMAN ? agent[4] : "",
          traffic, botName, country, qr ? "" : referrer, utmSource, utmSource.isEmpty() ? "" : channel,
          utmSource.isEmpty() ? "" : "spring-2026", "", "", language, visitor, visitor ^ (month * 0x9E3779B97F4A7C15L),
          ts + 2);
    }

    private void startJourney() {
      link = links.next(random);
      int r = random.nextInt(100);
      steps = r < 55 ? 1 : r < 80 ? 2 : r < 92 ? 3 : r < 97 ? 4 : 5;
      step = 0;
      ts = fromEpoch + random.nextLong(DAYS * 86_400L);
      // a pool of hits/5 people, so many come back on other journeys (the sink's visitor hash is
      // just as spread over 64 bits)
      visitor = random.nextLong(visitors) * 0x9E3779B97F4A7C15L;
      int t = random.nextInt(100);
      traffic = t < 88 ? Traffic.HUMAN : t < 96 ? Traffic.BOT : Traffic.PREVIEW;
      if (traffic != Traffic.HUMAN) {
        steps = 1; // crawlers and previews fetch one link, no journey
      }
      agent = HUMAN_AGENTS[random.nextInt(HUMAN_AGENTS.length)];
      botName = traffic == Traffic.BOT ? BOTS[random.nextInt(BOTS.length)]
          : traffic == Traffic.PREVIEW ? PREVIEWS[random.nextInt(PREVIEWS.length)] : "";
      country = COUNTRIES[random.nextInt(COUNTRIES.length)];
      language = LANGUAGES[random.nextInt(LANGUAGES.length)];
      referrer = REFERRERS[random.nextInt(REFERRERS.length)];
    }
  }
}
