package dev.waymark.bench;

import dev.waymark.config.WaymarkConfig;
import dev.waymark.link.CachedLink;
import dev.waymark.link.LinkCache;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The link cache as the redirect path uses it: a hit (the common case, answered from memory), a
 * miss (the store answers at once from memory, so this is the cache's own cost plus decoding the
 * link), and an unknown code the cache remembers. 100,000 links cached, codes taken in turn.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class LinkCacheBenchmark {

  private static final int LINKS = 100_000;

  private GeneratedLinkStore store;
  private LinkCache cache;
  private String[] codes;
  private String[] unknownCodes;
  private int next;

  @Setup
  public void fill() {
    store = new GeneratedLinkStore(Instant.parse("2026-11-24T10:00:00Z"), 50, false);
    cache = new LinkCache(store, new WaymarkConfig.Cache(LINKS * 2, Duration.ofSeconds(5), Duration.ofSeconds(60)));
    codes = new String[LINKS];
    unknownCodes = new String[1024];
    for (int i = 0; i < LINKS; i++) {
      codes[i] = BenchCodes.code(i);
      cache.load(codes[i]).join();
    }
    for (int i = 0; i < unknownCodes.length; i++) {
      unknownCodes[i] = GeneratedLinkStore.UNKNOWN_PREFIX + i;
      cache.load(unknownCodes[i]).join();
    }
  }

  private String nextCode() {
    return codes[nextIndex()];
  }

  private int nextIndex() {
    next = next + 1 == LINKS ? 0 : next + 1;
    return next;
  }

  @Benchmark
  public CachedLink hit() {
    return cache.cached(nextCode());
  }

  /** Drops the link (as a change notice does) and loads it again. */
  @Benchmark
  public CachedLink miss() {
    String code = nextCode();
    store.notifyChange(code);
    return cache.load(code).join();
  }

  @Benchmark
  public CachedLink unknown() {
    return cache.load(unknownCodes[nextIndex() & 1023]).join();
  }
}
