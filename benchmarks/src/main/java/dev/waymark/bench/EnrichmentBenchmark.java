package dev.waymark.bench;

import dev.waymark.hit.HitEvent;
import dev.waymark.hit.HitIds;
import dev.waymark.hit.HitRow;
import dev.waymark.hit.enrich.Enricher;
import dev.waymark.hit.enrich.FileSaltStore;
import dev.waymark.hit.enrich.UserAgents;
import dev.waymark.hit.row.HitsRowBinary;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the sink thread spends per hit, in batches of {@value #BATCH} as in the service: enrichment
 * with the UA cache warm (the common case: few distinct browsers) and cold (a new UA string every
 * hit, the worst case), and encoding rows as gzipped RowBinary for the spool and ClickHouse.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgs = "-Xmx1g")
public class EnrichmentBenchmark {

  static final int BATCH = 1000;
  private static final String[] AGENTS = {
      "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
          + "Version/17.4 Mobile/15E148 Safari/604.1",
      "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
          + "Chrome/124.0.0.0 Safari/537.36",
      "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
          + "Chrome/124.0.0.0 Mobile Safari/537.36",
      "WhatsApp/2.24.6.77 A",
      "curl/8.5.0"};

  private Enricher enricher;
  private List<HitEvent> warm;
  private List<HitRow> rows;
  private long unique;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    Path salts = Files.createTempDirectory("waymark-bench-salts");
    // Every new agent parsed, as the benchmark of uncached agents means to measure.
    enricher = new Enricher(UserAgents.withoutParseBudget(50_000), new FileSaltStore(salts), Clock.systemUTC());
    warm = new ArrayList<>();
    for (int i = 0; i < BATCH; i++) {
      warm.add(hit(AGENTS[i % AGENTS.length], i));
    }
    rows = enricher.enrich(warm, UUID.randomUUID());
  }

  private static HitEvent hit(String userAgent, int i) {
    long now = System.currentTimeMillis();
    return new HitEvent(HitIds.next(now), now, "AbC12x9", "AbC12x9", "", "spring-2026", "poster",
        "awareness", "utrecht-cs", i % 2 == 0, 302, userAgent, "https://news.example.org/a?b=c",
        "nl-NL,nl;q=0.9,en;q=0.8", "utm_content=b&qr=1", Map.of("source", "poster"),
        "10.0." + (i % 250) + "." + (i % 7));
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public List<HitRow> enrichWarmUserAgentCache() {
    return enricher.enrich(warm, UUID.randomUUID());
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public List<HitRow> enrichNewUserAgentEveryHit() {
    List<HitEvent> batch = new ArrayList<>(BATCH);
    for (int i = 0; i < BATCH; i++) {
      batch.add(hit(AGENTS[i % 3] + " build/" + unique++, i));
    }
    return enricher.enrich(batch, UUID.randomUUID());
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public byte[] encodeRowBinaryGzip() {
    return HitsRowBinary.gzip(rows);
  }
}
