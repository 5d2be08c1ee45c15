package dev.waymark.hit.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongPredicate;
import org.junit.jupiter.api.Test;

class InsertFenceTest {

  static final Duration POLL = Duration.ofMillis(50);
  static final InsertFence.Timing TIMING = new InsertFence.Timing(
      Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(8), POLL);

  /** A server whose answer depends on the (fake) time, and which records every question. */
  static final class FakeServer implements InsertFence.Server {
    long nanos;
    LongPredicate runningAt = t -> false;
    final List<String> calls = new ArrayList<>();

    @Override
    public int running(String queryId) {
      calls.add("running@" + Duration.ofNanos(nanos).toMillis());
      return runningAt.test(nanos) ? 1 : 0;
    }

    @Override
    public void kill(String queryId) {
      calls.add("kill@" + Duration.ofNanos(nanos).toMillis());
    }

    InsertFence fence() {
      return new InsertFence(this, TIMING, () -> nanos, sleep -> nanos += sleep);
    }

    long millis() {
      return Duration.ofNanos(nanos).toMillis();
    }
  }

  static long ms(long millis) {
    return Duration.ofMillis(millis).toNanos();
  }

  @Test
  void await_noEarlierAttemptAndNoDoubt_returnsAtTheFirstClearAnswer() throws Exception {
    FakeServer server = new FakeServer();
    InsertFence fence = server.fence();

    fence.await("q", false);

    assertThat(server.calls).containsExactly("running@0");
    assertThat(fence.waits()).isZero();
  }

  @Test
  void await_earlierAttemptStillRunning_returnsOnlyAfterItEnded() throws Exception {
    FakeServer server = new FakeServer();
    server.runningAt = t -> t < ms(1_200);
    InsertFence fence = server.fence();

    fence.await("q", false);

    assertThat(server.millis()).isEqualTo(1_200);
    assertThat(fence.waits()).isEqualTo(1);
    assertThat(fence.kills()).isZero();
  }

  @Test
  void await_afterDoubt_waitsASettleTimeOfClearAnswers() throws Exception {
    FakeServer server = new FakeServer();
    InsertFence fence = server.fence();

    fence.await("q", true);

    assertThat(server.millis()).isEqualTo(1_000);
    assertThat(server.calls).hasSize(21).allMatch(c -> c.startsWith("running@"));
  }

  @Test
  void await_requestAppearsDuringSettle_waitsForItAndSettlesAgain() throws Exception {
    FakeServer server = new FakeServer();
    // A request picked up from the server's buffers 400 ms after it came back, running 300 ms.
    server.runningAt = t -> t >= ms(400) && t < ms(700);
    InsertFence fence = server.fence();

    fence.await("q", true);

    assertThat(server.millis()).isEqualTo(1_700);
    assertThat(fence.waits()).isEqualTo(1);
  }

  @Test
  void await_attemptRunningPastTheBound_isKilledOnceByItsQueryId() throws Exception {
    FakeServer server = new FakeServer();
    server.runningAt = t -> t < ms(6_000); // ends a second after the kill
    InsertFence fence = server.fence();

    fence.await("q", false);

    assertThat(server.calls).filteredOn(c -> c.startsWith("kill")).containsExactly("kill@5000");
    assertThat(fence.kills()).isEqualTo(1);
    assertThat(server.millis()).isEqualTo(6_000);
  }

  @Test
  void await_attemptOutlivesItsKill_failsWithUnknownOutcomeInsteadOfCounting() {
    FakeServer server = new FakeServer();
    server.runningAt = t -> true;
    InsertFence fence = server.fence();

    assertThatThrownBy(() -> fence.await("q", false))
        .isInstanceOfSatisfying(ClickHouseException.class, e -> assertThat(e.outcomeUnknown()).isTrue());
    assertThat(server.millis()).isEqualTo(8_000);
    assertThat(fence.kills()).isEqualTo(1);
  }
}
