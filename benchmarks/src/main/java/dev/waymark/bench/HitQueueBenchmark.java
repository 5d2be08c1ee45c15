package dev.waymark.bench;

import dev.waymark.hit.HitEvent;
import dev.waymark.hit.HitIds;
import dev.waymark.hit.HitSink;
import dev.waymark.hit.sink.HitQueue;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What recording a hit costs the redirect thread: building the event (with its id) and offering
 * it to the queue while the sink thread drains it on its timer, as in the service.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class HitQueueBenchmark {

  HitQueue queue;
  Map<String, String> utm = Map.of("source", "poster");

  @Setup(Level.Trial)
  public void start() {
    queue = new HitQueue(1 << 18, 5000, Duration.ofMillis(2), HitSink.countOnly()).start();
  }

  @TearDown(Level.Trial)
  public void stop() {
    queue.close(Duration.ofSeconds(5));
    if (queue.dropped() > 0) {
      System.err.println("note: " + queue.dropped() + " hits dropped (queue full): the offer cost "
          + "includes the full-queue path");
    }
  }

  @Benchmark
  public HitEvent buildEvent() {
    long now = System.currentTimeMillis();
    return new HitEvent(HitIds.next(now), now, "AbC12x9", "AbC12x9", "", "spring-2026", "poster",
        "awareness", "utrecht-cs", true, 302, "Mozilla/5.0", "", "nl-NL", "qr=1", utm, "10.0.0.1");
  }

  @Benchmark
  public boolean buildAndOffer() {
    return queue.offer(buildEvent());
  }
}
