package dev.waymark.link;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.waymark.bench.BenchCodes;
import dev.waymark.bench.ZipfSampler;
import dev.waymark.journey.Stage;
import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Issue 17, item 6: hit rate and lookup CPU of the link cache's CLOCK {@link LinkTable} against
 * Caffeine's W-TinyLFU holding the same {@link CachedLink}s, at the same memory and at the same
 * number of entries. Replays seeded traces of code indexes (Zipf over {@code --codes} codes, and a
 * scan-burst: one new code ramping from 0 to 20% of requests over a "minute"); a miss makes the
 * link as a load from the store would ({@link CachedLink#of} with a shared {@link Interner}) and
 * caches it. Single thread; the CPU figure is System.nanoTime over batches, not JMH. Run e.g.
 * {@code java -Xmx6g -XX:+UseParallelGC -cp benchmarks.jar dev.waymark.link.CacheHitRateStudy}.
 */
@Command(name = "cache-hit-rate-study", mixinStandardHelpOptions = true,
    description = "Hit rate and lookup CPU: LinkTable (CLOCK) vs Caffeine (W-TinyLFU) at equal memory.")
public final class CacheHitRateStudy implements Callable<Integer> {

  @Option(names = "--codes", defaultValue = "10000000", description = "Distinct codes in the traces.")
  int codes;

  @Option(names = "--cache", defaultValue = "1000000", description = "Links the table holds.")
  int cacheLinks;

  @Option(names = {"-n", "--requests"}, defaultValue = "30000000", description = "Requests per trace.")
  int requests;

  @Option(names = "--warmup", defaultValue = "10000000", description = "First requests not counted.")
  int warmup;

  @Option(names = "--minute", defaultValue = "3000000",
      description = "Requests in the burst's ramp: a minute at 50,000 req/s.")
  int minute;

  @Option(names = "--burst-share", defaultValue = "0.20", description = "Share of requests the burst code reaches.")
  double burstShare;

  @Option(names = "--exponents", split = ",", defaultValue = "0.8,1.0,1.2")
  double[] exponents;

  @Option(names = "--timed", defaultValue = "10000000", description = "Hit lookups timed per round.")
  int timed;

  @Option(names = "--seed", defaultValue = "17")
  long seed;

  private static final Instant NOW = Instant.parse("2026-11-24T10:00:00Z");
  private static final String BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
  private static final long SPACE = 3_521_614_606_208L; // 62^7
  private static final long STEP = 2_147_483_647L;

  private final Interner shared = new Interner(LinkCache.MAX_SHARED_VALUES);

  public static void main(String[] args) {
    System.exit(new CommandLine(new CacheHitRateStudy()).execute(args));
  }

  /** As {@link BenchCodes#code}, in long arithmetic (i * STEP fits a long for i below 4e9). */
  static String code(long i) {
    long n = Math.floorMod(i * STEP, SPACE);
    char[] out = new char[7];
    for (int k = 6; k >= 0; k--) {
      out[k] = BASE62.charAt((int) (n % 62));
      n /= 62;
    }
    return new String(out);
  }

  /** The cached form of code {@code i}, as {@code GeneratedLinkStore} shapes links and LinkCache caches them. */
  private CachedLink load(String code) {
    int i = Math.abs(code.hashCode());
    String campaign = "campaign-" + i % 50;
    Link link = new Link(code, "https://example.com/landing?i=" + i, campaign, "poster",
        Stage.JOURNEY.get(i % Stage.JOURNEY.size()), "source-" + i % 50, List.of(), Map.of("medium", "offline"),
        302, null, true, NOW, NOW);
    return CachedLink.of(code, link, shared, 0);
  }

  /** One cache under test: a lookup that loads and caches on a miss; true on a hit. */
  private interface Subject {
    boolean access(String code);

    /** Lookup only, for the CPU figure. */
    Object get(String code);
  }

  private final class TableSubject implements Subject {
    final LinkTable table;

    TableSubject(int links) {
      table = new LinkTable(links, (long) (Runtime.getRuntime().maxMemory() * LinkCache.MAX_HEAP_SHARE));
    }

    @Override
    public boolean access(String code) {
      if (table.get(code) != null) {
        return true;
      }
      table.put(load(code));
      return false;
    }

    @Override
    public Object get(String code) {
      return table.get(code);
    }
  }

  private final class CaffeineSubject implements Subject {
    final Cache<String, CachedLink> cache;

    CaffeineSubject(long links) {
      cache = Caffeine.newBuilder().maximumSize(links).executor(Runnable::run).build();
    }

    @Override
    public boolean access(String code) {
      if (cache.getIfPresent(code) != null) {
        return true;
      }
      cache.put(code, load(code));
      return false;
    }

    @Override
    public Object get(String code) {
      return cache.getIfPresent(code);
    }
  }

  @Override
  public Integer call() {
    if (!code(123_456).equals(BenchCodes.code(123_456)) || !code(codes).equals(BenchCodes.code(codes))) {
      throw new IllegalStateException("code() differs from BenchCodes.code()");
    }
    System.out.printf("codes=%d cache=%d requests=%d warmup=%d minute=%d burst=%.2f seed=%d heap=%d MiB%n",
        codes, cacheLinks, requests, warmup, minute, burstShare, seed, Runtime.getRuntime().maxMemory() >> 20);

    // Bytes per entry, live heap after full GCs, both filled with the same links.
    load(code(0)); // fills the interner before measuring, as a running cache's would be
    long t0 = liveHeap();
    TableSubject probeTable = new TableSubject(cacheLinks);
    for (int i = 0; i < cacheLinks; i++) {
      probeTable.access(code(i));
    }
    long tableBytes = liveHeap() - t0;
    double tablePerEntry = (double) tableBytes / probeTable.table.size();
    double tableAccounted = (double) probeTable.table.bytes() / probeTable.table.size();
    probeTable = null;
    long c0 = liveHeap();
    CaffeineSubject probeCaffeine = new CaffeineSubject(cacheLinks);
    for (int i = 0; i < cacheLinks; i++) {
      probeCaffeine.access(code(i));
    }
    probeCaffeine.cache.cleanUp();
    long caffeineBytes = liveHeap() - c0;
    double caffeinePerEntry = (double) caffeineBytes / probeCaffeine.cache.estimatedSize();
    probeCaffeine = null;
    long sameMemory = (long) (cacheLinks * tablePerEntry / caffeinePerEntry);
    System.out.printf("live heap per entry at %d: table %.1f B (its own accounting %.1f B), Caffeine %.1f B%n",
        cacheLinks, tablePerEntry, tableAccounted, caffeinePerEntry);
    System.out.printf("Caffeine same memory: %d entries (%.1f MiB); table %.1f MiB; Caffeine same entries %.1f MiB%n",
        sameMemory, sameMemory * caffeinePerEntry / (1 << 20), cacheLinks * tablePerEntry / (1 << 20),
        cacheLinks * caffeinePerEntry / (1 << 20));

    List<String> rows = new ArrayList<>();
    String[] names = {"table", "caffeine-same-MiB", "caffeine-same-entries"};
    for (double s : exponents) {
      int[] trace = zipfTrace(s, -1);
      Subject[] subjects = {new TableSubject(cacheLinks), new CaffeineSubject(sameMemory),
          new CaffeineSubject(cacheLinks)};
      double[] rates = new double[3];
      for (int k = 0; k < 3; k++) {
        long start = System.nanoTime();
        rates[k] = replay(subjects[k], trace, -1)[0];
        System.out.printf("zipf %.1f %-22s hit rate %.4f  (replay %.1f s)%n", s, names[k], rates[k],
            (System.nanoTime() - start) / 1e9);
      }
      String ns = "";
      if (s == 1.0) {
        double[] cpu = lookupCost(subjects, trace);
        ns = String.format("%.1f | %.1f | %.1f", cpu[0], cpu[1], cpu[2]);
      }
      // Reference: the share of requests to the top `cacheLinks` codes, what a perfect LFU would hit.
      double top = 0;
      double all = 0;
      for (int k = codes; k >= 1; k--) {
        double p = Math.pow(k, -s);
        all += p;
        if (k <= cacheLinks) {
          top += p;
        }
      }
      System.out.printf("zipf %.1f ideal (top %d codes' share) %.4f%n", s, cacheLinks, top / all);
      rows.add(String.format("| Zipf s=%.1f (ideal %.4f) | %.4f | %.4f | %.4f | %s |", s, top / all, rates[0], rates[1],
          rates[2], ns));
    }

    // Scan-burst: Zipf 1.0 background; a new code (index = codes) ramps from 0 to burstShare over
    // `minute` requests starting at the end of the warm-up, then holds.
    int burstIndex = codes;
    int[] trace = zipfTrace(1.0, burstIndex);
    Subject[] subjects = {new TableSubject(cacheLinks), new CaffeineSubject(sameMemory),
        new CaffeineSubject(cacheLinks)};
    double[][] burst = new double[3][];
    for (int k = 0; k < 3; k++) {
      burst[k] = replay(subjects[k], trace, burstIndex);
      System.out.printf("burst %-22s hit rate %.4f, background %.4f, burst code %.6f (%d misses of %d)%n",
          names[k], burst[k][0], burst[k][1], burst[k][2], (long) burst[k][3], (long) burst[k][4]);
    }
    rows.add(String.format("| scan-burst, all | %.4f | %.4f | %.4f | |", burst[0][0], burst[1][0], burst[2][0]));
    rows.add(String.format("| scan-burst, background only | %.4f | %.4f | %.4f | |",
        burst[0][1], burst[1][1], burst[2][1]));
    rows.add(String.format("| scan-burst, burst code (misses) | %.6f (%d) | %.6f (%d) | %.6f (%d) | |",
        burst[0][2], (long) burst[0][3], burst[1][2], (long) burst[1][3], burst[2][2], (long) burst[2][3]));

    System.out.println();
    System.out.printf("| trace | table, %d links (%.0f MiB) | Caffeine same MiB, %d links (%.0f MiB) "
            + "| Caffeine same entries, %d links (%.0f MiB) | ns/hit lookup: table, same MiB, same entries |%n",
        cacheLinks, cacheLinks * tablePerEntry / (1 << 20), sameMemory, sameMemory * caffeinePerEntry / (1 << 20),
        cacheLinks, cacheLinks * caffeinePerEntry / (1 << 20));
    System.out.println("|---|---|---|---|---|");
    rows.forEach(System.out::println);
    return 0;
  }

  /**
   * Zipf(s) ranks over the codes, seeded; with {@code burstIndex >= 0}, request r after the
   * warm-up is the burst code with probability ramping linearly to burstShare over a minute.
   */
  private int[] zipfTrace(double s, int burstIndex) {
    long start = System.nanoTime();
    ZipfSampler zipf = new ZipfSampler(codes, s);
    SplittableRandom random = new SplittableRandom(seed + Double.hashCode(s) + burstIndex);
    int[] trace = new int[requests];
    for (int r = 0; r < requests; r++) {
      if (burstIndex >= 0 && r >= warmup) {
        double share = burstShare * Math.min(1.0, (double) (r - warmup) / minute);
        if (random.nextDouble() < share) {
          trace[r] = burstIndex;
          continue;
        }
      }
      trace[r] = zipf.next(random);
    }
    System.out.printf("trace s=%.1f%s: %d requests in %.1f s%n", s, burstIndex >= 0 ? " with burst" : "",
        requests, (System.nanoTime() - start) / 1e9);
    return trace;
  }

  /** {all hit rate, background hit rate, burst-code hit rate, burst misses, burst requests}, after the warm-up. */
  private double[] replay(Subject subject, int[] trace, int burstIndex) {
    long hits = 0;
    long counted = 0;
    long burstHits = 0;
    long burstRequests = 0;
    for (int r = 0; r < trace.length; r++) {
      boolean hit = subject.access(code(trace[r]));
      if (r >= warmup) {
        counted++;
        if (hit) {
          hits++;
        }
        if (trace[r] == burstIndex) {
          burstRequests++;
          if (hit) {
            burstHits++;
          }
        }
      }
    }
    long bgRequests = counted - burstRequests;
    long bgHits = hits - burstHits;
    return new double[] {(double) hits / counted, bgRequests == 0 ? 0 : (double) bgHits / bgRequests,
        burstRequests == 0 ? 0 : (double) burstHits / burstRequests, burstRequests - burstHits, burstRequests};
  }

  /**
   * ns per lookup of a cached code, single thread: codes from the trace's tail that every subject
   * holds, as fresh strings (a request brings its own), timed in rounds alternating the subjects;
   * the median round of each.
   */
  private double[] lookupCost(Subject[] subjects, int[] trace) {
    List<String> held = new ArrayList<>();
    for (int r = trace.length - 1; r >= 0 && held.size() < 1_000_000; r--) {
      String c = code(trace[r]);
      boolean all = true;
      for (Subject subject : subjects) {
        all &= subject.get(c) != null;
      }
      if (all) {
        held.add(c);
      }
    }
    String[] batch = held.toArray(new String[0]);
    int rounds = 7;
    double[][] ns = new double[subjects.length][rounds];
    long sink = 0;
    for (int round = 0; round < rounds; round++) {
      for (int k = 0; k < subjects.length; k++) {
        long start = System.nanoTime();
        for (int n = 0; n < timed; ) {
          for (int i = 0; i < batch.length && n < timed; i++, n++) {
            Object o = subjects[k].get(batch[i]);
            sink += o == null ? 1 : 0;
          }
        }
        ns[k][round] = (double) (System.nanoTime() - start) / timed;
      }
    }
    double[] median = new double[subjects.length];
    for (int k = 0; k < subjects.length; k++) {
      Arrays.sort(ns[k]);
      median[k] = ns[k][rounds / 2];
      System.out.printf("lookup %d: %s ns (sorted rounds), misses %d%n", k, Arrays.toString(ns[k]), sink);
    }
    return median;
  }

  private static long liveHeap() {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }
}
