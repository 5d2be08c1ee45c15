package dev.waymark.hit.sink;

import dev.waymark.hit.TestHits;
import dev.waymark.hit.clickhouse.ClickHouseConfig;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Child process for the kill -9 test: spools hits for a ClickHouse that is not there, says so on
 * stdout, then waits to be killed.
 */
public final class KilledSinkMain {

  public static void main(String[] args) throws Exception {
    Path dataDir = Path.of(args[0]);
    int hits = Integer.parseInt(args[1]);
    ClickHouseConfig nowhere = new ClickHouseConfig(java.net.URI.create("http://127.0.0.1:1"),
        args[2], "default", "", Duration.ofSeconds(1));
    AnalyticsSink sink = AnalyticsSink.clickHouse(AnalyticsSinkConfig.defaults(nowhere)
        .withSpool(null, 1L << 30, 64 * 1024, SpoolFsync.NEVER)
        .withBatches(100, Duration.ofMillis(5)), dataDir).start();
    HitQueue queue = sink.newQueue(1 << 16).start();
    for (int i = 0; i < hits; i++) {
      queue.offer(TestHits.event(i));
    }
    // Handed to the sink is not yet spooled: the open batch and the hand-off live in memory, and a
    // kill -9 loses them by design. Wait until every hit is in the spool.
    while (queue.delivered() < hits || sink.stats().handoffHits() > 0) {
      Thread.sleep(10);
    }
    System.out.println("SPOOLED " + queue.delivered());
    System.out.flush();
    Thread.sleep(60_000); // killed long before this
  }
}
