package dev.waymark.bench;

import dev.waymark.config.WaymarkConfig;
import dev.waymark.link.LinkCache;
import dev.waymark.link.LinkStore;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Measures the heap the link cache holds per cached link: fills a {@link LinkCache} with N links
 * shaped like the benchmark's (decoded from their stored JSON, as the real stores hand them
 * over), and reports live heap after a full GC before and after. Run it with a fixed heap and one
 * GC, e.g. {@code java -XX:+UseSerialGC -Xmx2g -cp benchmarks.jar dev.waymark.bench.CacheFootprint -n 1000000}.
 */
@Command(name = "cache-footprint", mixinStandardHelpOptions = true,
    description = "Heap bytes per link held by the redirector's link cache.")
public final class CacheFootprint implements Callable<Integer> {

  @Option(names = {"-n", "--links"}, defaultValue = "1000000")
  int links;

  @Option(names = "--campaigns", defaultValue = "50",
      description = "Distinct campaigns (and channels, sources) the links are spread over; 0 = none set.")
  int campaigns;

  @Option(names = "--redis", description = "Measure the cache as it is with Redis, whose lossy change notices "
      + "add a background refresh (a bigger entry); default: as with the embedded store.")
  boolean redis;

  @Option(names = "--pause", description = "Wait for a line on stdin before exiting, to take a heap histogram "
      + "(jcmd PID GC.class_histogram).")
  boolean pause;

  public static void main(String[] args) {
    System.exit(new CommandLine(new CacheFootprint()).execute(args));
  }

  @Override
  public Integer call() {
    Instant now = Instant.parse("2026-11-24T10:00:00Z");
    LinkStore store = new GeneratedLinkStore(now, campaigns, redis);
    long before = liveHeap();
    LinkCache cache = new LinkCache(store, new WaymarkConfig.Cache(links, Duration.ofSeconds(5),
        Duration.ofSeconds(60)));
    for (int i = 0; i < links; i++) {
      cache.load(BenchCodes.code(i)).join();
    }
    long after = liveHeap();
    long bytes = after - before;
    System.out.printf("cached %d links: %d MiB live heap, %d bytes a link (campaigns=%d)%n",
        cache.size(), bytes >> 20, bytes / links, campaigns);
    if (pause) {
      System.out.println("pid " + ProcessHandle.current().pid() + ": press Enter to exit");
      new java.util.Scanner(System.in).nextLine();
    }
    // Keeps the cache reachable until measured.
    return cache.size() == links ? 0 : 1;
  }

  private static long liveHeap() {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }
}
