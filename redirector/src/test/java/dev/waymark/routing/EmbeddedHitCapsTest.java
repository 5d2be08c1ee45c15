package dev.waymark.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The exact in-process counts of {@link EmbeddedHitCaps} and their file. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class EmbeddedHitCapsTest {

  @TempDir
  Path dir;

  private Vertx vertx;
  private EmbeddedHitCaps caps;

  @BeforeEach
  void open() throws Exception {
    vertx = Vertx.vertx(new VertxOptions().setBlockedThreadCheckInterval(100)
        .setMaxEventLoopExecuteTime(100).setMaxEventLoopExecuteTimeUnit(TimeUnit.MILLISECONDS));
    caps = get(EmbeddedHitCaps.open(vertx, dir.resolve("hit-caps.mv")));
  }

  @AfterEach
  void close() throws Exception {
    try {
      if (caps != null) {
        get(caps.close());
      }
    } finally {
      get(vertx.close());
    }
  }

  @Test
  void take_eightThreadsAtOnce_exactlyMaxSucceed() throws Exception {
    int threads = 8;
    int perThread = 20_000;
    long max = 100_000;
    CyclicBarrier start = new CyclicBarrier(threads);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Callable<Long>> takers = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        takers.add(() -> {
          start.await();
          long taken = 0;
          for (int i = 0; i < perThread; i++) {
            taken += caps.take("promo", max) ? 1 : 0;
          }
          return taken;
        });
      }
      long taken = 0;
      for (var done : pool.invokeAll(takers)) {
        taken += done.get();
      }
      assertThat(taken).isEqualTo(max);
    } finally {
      pool.shutdown();
    }
  }

  @Test
  void take_countsEachCodeOnItsOwn() {
    assertThat(IntStream.range(0, 5).filter(i -> caps.take("a", 2)).count()).isEqualTo(2);
    assertThat(IntStream.range(0, 5).filter(i -> caps.take("b", 3)).count()).isEqualTo(3);
  }

  @Test
  void take_higherMaxLater_countsOnFromWhatWasTaken() {
    IntStream.range(0, 5).forEach(i -> caps.take("promo", 3));

    assertThat(IntStream.range(0, 5).filter(i -> caps.take("promo", 5)).count()).isEqualTo(2);
  }

  @Test
  void close_thenReopen_keepsTheCounts() throws Exception {
    IntStream.range(0, 7).forEach(i -> caps.take("promo", 10));
    caps.take("other", 10);
    get(caps.close());

    caps = get(EmbeddedHitCaps.open(vertx, dir.resolve("hit-caps.mv")));

    assertThat(IntStream.range(0, 5).filter(i -> caps.take("promo", 10)).count()).isEqualTo(3);
    assertThat(IntStream.range(0, 20).filter(i -> caps.take("other", 10)).count()).isEqualTo(9);
  }

  @Test
  void reopenTwice_countsTakenAfterTheFirstReopenAreKeptToo() throws Exception {
    caps.take("promo", 10);
    get(caps.close());
    caps = get(EmbeddedHitCaps.open(vertx, dir.resolve("hit-caps.mv")));
    caps.take("promo", 10);
    get(caps.close());

    caps = get(EmbeddedHitCaps.open(vertx, dir.resolve("hit-caps.mv")));

    assertThat(IntStream.range(0, 20).filter(i -> caps.take("promo", 10)).count()).isEqualTo(8);
  }

  @Test
  void counts_reachTheFileWithoutAClose_withinAboutASecond() {
    IntStream.range(0, 3).forEach(i -> caps.take("promo", 10));

    // What a crash would keep: the periodic write, not the one at close.
    await().atMost(Duration.ofSeconds(10)).until(() -> caps.written("promo") == 3);
  }

  private static <T> T get(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }
}
