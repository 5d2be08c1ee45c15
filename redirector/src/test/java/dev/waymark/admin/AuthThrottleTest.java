package dev.waymark.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class AuthThrottleTest {

  private final TestClock clock = new TestClock(Instant.parse("2026-12-07T12:00:00Z"), Duration.ZERO);
  private final AuthThrottle throttle = new AuthThrottle(clock);

  @Test
  void tenFailures_thenRefusedUntilATokenRefills() {
    for (int i = 0; i < AuthThrottle.BURST; i++) {
      assertThat(throttle.waitMillis("10.0.0.1")).isZero();
      throttle.failed("10.0.0.1");
    }
    assertThat(throttle.waitMillis("10.0.0.1")).isEqualTo(AuthThrottle.REFILL.toMillis());
    clock.advance(Duration.ofSeconds(5));
    assertThat(throttle.waitMillis("10.0.0.1")).isEqualTo(1000);
    clock.advance(Duration.ofSeconds(1));
    assertThat(throttle.waitMillis("10.0.0.1")).isZero();
    throttle.failed("10.0.0.1");
    assertThat(throttle.waitMillis("10.0.0.1")).isPositive();
    assertThat(throttle.failures()).isEqualTo(11);
    assertThat(throttle.refused()).isEqualTo(3);
  }

  @Test
  void oneAddressThrottled_othersUnaffected() {
    for (int i = 0; i < AuthThrottle.BURST; i++) {
      throttle.failed("10.0.0.1");
    }
    assertThat(throttle.waitMillis("10.0.0.1")).isPositive();
    assertThat(throttle.waitMillis("10.0.0.2")).isZero();
  }

  @Test
  void sustainedGuessing_getsOneTryPerRefill_notMore() {
    int allowed = 0;
    for (int second = 0; second < 600; second++) {
      if (throttle.waitMillis("10.0.0.1") == 0) {
        allowed++;
        throttle.failed("10.0.0.1");
      }
      clock.advance(Duration.ofSeconds(1));
    }
    // 10 at once, then one every 6 s over 10 minutes.
    assertThat(allowed).isBetween(AuthThrottle.BURST + 98, AuthThrottle.BURST + 100);
  }
}
