package dev.waymark.hit.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.waymark.hit.HitEvent;
import dev.waymark.hit.HitIds;
import dev.waymark.hit.HitSink;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class HitQueueTest {

  private static HitEvent hit(int i) {
    return new HitEvent(HitIds.next(1_700_000_000_000L + i), 1_700_000_000_000L + i, "c" + i,
        "c" + i, "", "", "", "", "", false, 302, "", "", "", "", Map.of(), "127.0.0.1");
  }

  @Test
  void offer_manyHits_allReachSinkInBatchesInOrder() {
    List<HitEvent> seen = Collections.synchronizedList(new ArrayList<>());
    List<Integer> sizes = Collections.synchronizedList(new ArrayList<>());
    try (HitQueue queue = new HitQueue(1 << 14, 100, Duration.ofMillis(2), batch -> {
      sizes.add(batch.size());
      seen.addAll(batch);
    }).start()) {
      for (int i = 0; i < 1000; i++) {
        assertThat(queue.offer(hit(i))).isTrue();
      }
      await().atMost(Duration.ofSeconds(5)).until(() -> seen.size() == 1000);
      assertThat(queue.delivered()).isEqualTo(1000);
      assertThat(queue.dropped()).isZero();
    }
    assertThat(sizes).allMatch(n -> n >= 1 && n <= 100);
    for (int i = 0; i < 1000; i++) {
      assertThat(seen.get(i).code()).isEqualTo("c" + i);
    }
  }

  @Test
  void sinkBehind_queueHalfFull_spillsDownToAnEighth_thenWritesAndCatchesUp() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger written = new AtomicInteger();
    AtomicInteger spilled = new AtomicInteger();
    AtomicInteger catchUps = new AtomicInteger();
    HitQueue queue = new HitQueue(1024, 64, Duration.ofMillis(1), new HitSink() {
      @Override
      public void write(List<HitEvent> batch) throws Exception {
        release.await(5, TimeUnit.SECONDS);
        written.addAndGet(batch.size());
      }

      @Override
      public void spill(List<HitEvent> batch) {
        spilled.addAndGet(batch.size());
      }

      @Override
      public void catchUp() {
        catchUps.incrementAndGet();
      }
    }).start();
    try {
      queue.offer(hit(0));
      await().atMost(Duration.ofSeconds(5)).until(() -> queue.depth() == 0); // the sink is stuck in write
      for (int i = 1; i <= 1000; i++) {
        assertThat(queue.offer(hit(i))).isTrue();
      }
      int catchUpsWhileBehind = catchUps.get();
      release.countDown();
      await().atMost(Duration.ofSeconds(5)).until(() -> queue.delivered() == 1001);
      // Spilled in drains of 64 from a depth of 1000 until it was down to 128 or less (104).
      assertThat(spilled.get()).isEqualTo(896);
      assertThat(queue.spilled()).isEqualTo(896);
      assertThat(written.get()).isEqualTo(1 + 104);
      assertThat(queue.dropped()).isZero();
      await().atMost(Duration.ofSeconds(5)).until(() -> catchUps.get() > catchUpsWhileBehind);
    } finally {
      release.countDown();
      queue.close();
    }
  }

  @Test
  void offer_queueFull_returnsFalseAndCountsDrop() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    HitQueue queue = new HitQueue(4, 1, Duration.ofMillis(1), batch -> release.await(5, TimeUnit.SECONDS)).start();
    try {
      // The sink thread takes one hit and blocks in the sink, so the queue itself holds four.
      queue.offer(hit(0));
      await().atMost(Duration.ofSeconds(5)).until(() -> queue.depth() == 0);
      for (int i = 1; i <= 4; i++) {
        assertThat(queue.offer(hit(i))).isTrue();
      }
      assertThat(queue.offer(hit(5))).isFalse();
      assertThat(queue.dropped()).isEqualTo(1);
      assertThat(queue.offered()).isEqualTo(6);
    } finally {
      release.countDown();
      queue.close();
    }
    assertThat(queue.delivered()).isEqualTo(5);
  }

  @Test
  void close_hitsStillQueued_areHandedToSinkBeforeReturning() {
    List<HitEvent> seen = Collections.synchronizedList(new ArrayList<>());
    // A long interval: without close() draining them, these hits would still be waiting.
    HitQueue queue = new HitQueue(1 << 12, 10_000, Duration.ofSeconds(30), seen::addAll).start();
    for (int i = 0; i < 500; i++) {
      queue.offer(hit(i));
    }
    queue.close(Duration.ofSeconds(5));
    assertThat(seen).hasSize(500);
    assertThat(queue.delivered()).isEqualTo(500);
  }

  @Test
  void sinkFailure_countsFailedHitsAndKeepsDraining() {
    List<HitEvent> seen = Collections.synchronizedList(new ArrayList<>());
    try (HitQueue queue = new HitQueue(1 << 10, 1, Duration.ofMillis(1), batch -> {
      if (batch.get(0).code().equals("c1")) {
        throw new IllegalStateException("store said no");
      }
      seen.addAll(batch);
    }).start()) {
      for (int i = 0; i < 3; i++) {
        queue.offer(hit(i));
      }
      await().atMost(Duration.ofSeconds(5)).until(() -> queue.delivered() + queue.failed() == 3);
      assertThat(queue.failed()).isEqualTo(1);
      assertThat(seen).extracting(HitEvent::code).containsExactly("c0", "c2");
    }
  }

  @Test
  void hitIds_areVersion7AndOrderedByTime() {
    var a = HitIds.next(1_000L);
    var b = HitIds.next(2_000L);
    assertThat(a.version()).isEqualTo(7);
    assertThat(a.variant()).isEqualTo(2);
    assertThat(a.getMostSignificantBits() >>> 16).isEqualTo(1_000L);
    assertThat(a.compareTo(b)).isNegative();
    assertThat(HitIds.next(1_000L)).isNotEqualTo(HitIds.next(1_000L));
  }

  @Test
  void toString_neverShowsClientIp() {
    assertThat(hit(1).toString()).doesNotContain("127.0.0.1");
  }
}
