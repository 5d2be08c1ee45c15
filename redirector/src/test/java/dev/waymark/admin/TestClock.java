package dev.waymark.admin;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/** A clock that moves only when told to, or by a fixed step on every reading, so tests are exact. */
final class TestClock extends Clock {

  private final AtomicReference<Instant> now;
  private final Duration step;

  TestClock(Instant start, Duration step) {
    this.now = new AtomicReference<>(start);
    this.step = step;
  }

  void advance(Duration d) {
    now.updateAndGet(t -> t.plus(d));
  }

  @Override
  public Instant instant() {
    return now.getAndUpdate(t -> t.plus(step));
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    throw new UnsupportedOperationException("UTC only");
  }
}
