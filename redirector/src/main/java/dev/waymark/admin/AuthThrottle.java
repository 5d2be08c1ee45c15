package dev.waymark.admin;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Limits failed admin authentications per client address with a token bucket: {@link #BURST}
 * failures at once, then one more every {@link #REFILL} (10 a minute). An address whose bucket is empty is
 * refused outright, whatever key it presents, until a token is back: answering a right key
 * differently would let it keep guessing at full speed. A success takes nothing and gives nothing
 * back, so interleaving a known key does not buy more guesses. Other addresses are unaffected.
 *
 * <p>Memory is bounded (at most {@link #MAX_ADDRESSES} addresses, least recently seen dropped
 * first); a warning is logged at most once a minute per address. Thread-safe.
 */
public final class AuthThrottle {

  private static final Logger LOG = LoggerFactory.getLogger(AuthThrottle.class);
  static final int BURST = 10;
  static final Duration REFILL = Duration.ofSeconds(6);
  static final int MAX_ADDRESSES = 100_000;
  private static final long WARN_EVERY_MILLIS = 60_000;

  private final Clock clock;
  private final Cache<String, Budget> budgets;
  private final LongAdder failures = new LongAdder();
  private final LongAdder refused = new LongAdder();

  private final int burst;
  private final long refillMillis;

  /** The production limits: {@link #BURST} failures, then one every {@link #REFILL}. */
  public AuthThrottle(Clock clock) {
    this(clock, BURST, REFILL);
  }

  AuthThrottle(Clock clock, int burst, Duration refill) {
    this.clock = clock;
    this.burst = burst;
    this.refillMillis = refill.toMillis();
    // A full bucket is as good as no entry: drop it once it would have refilled anyway.
    this.budgets = Caffeine.newBuilder().maximumSize(MAX_ADDRESSES)
        .expireAfterAccess(refill.multipliedBy(burst)).build();
  }

  /** Milliseconds {@code address} must wait before it may try again; 0 when it may try now. */
  long waitMillis(String address) {
    Budget budget = budgets.getIfPresent(address);
    if (budget == null) {
      return 0;
    }
    long now = clock.millis();
    long wait;
    boolean warn;
    synchronized (budget) {
      budget.refill(now, burst, refillMillis);
      if (budget.tokens >= 1) {
        return 0;
      }
      wait = (long) Math.ceil((1 - budget.tokens) * refillMillis);
      budget.refusedSinceWarn++;
      warn = budget.mayWarn(now);
    }
    refused.increment();
    if (warn) {
      warn(address, budget, burst, refillMillis);
    }
    return Math.max(1, wait);
  }

  /** Records a failed authentication from {@code address}. */
  void failed(String address) {
    failures.increment();
    long now = clock.millis();
    Budget budget = budgets.get(address, a -> new Budget(now, burst));
    synchronized (budget) {
      budget.refill(now, burst, refillMillis);
      budget.tokens = Math.max(0, budget.tokens - 1);
      budget.failuresSinceWarn++;
    }
  }

  private static void warn(String address, Budget budget, int burst, long refillMillis) {
    long failed;
    long refusedCount;
    synchronized (budget) {
      failed = budget.failuresSinceWarn;
      refusedCount = budget.refusedSinceWarn;
      budget.failuresSinceWarn = 0;
      budget.refusedSinceWarn = 0;
    }
    LOG.warn("event=admin_auth_throttled address={} failures={} refused={} burst={} refill_seconds={}",
        address, failed, refusedCount, burst, refillMillis / 1000.0);
  }

  /** Failed authentications (401) since start. */
  public long failures() {
    return failures.sum();
  }

  /** Requests refused with 429 since start. */
  public long refused() {
    return refused.sum();
  }

  private static final class Budget {
    double tokens;
    long updatedMillis;
    long lastWarnMillis = Long.MIN_VALUE;
    long failuresSinceWarn;
    long refusedSinceWarn;

    Budget(long now, int burst) {
      this.updatedMillis = now;
      this.tokens = burst;
    }

    void refill(long now, int burst, long refillMillis) {
      if (now > updatedMillis) {
        tokens = Math.min(burst, tokens + (double) (now - updatedMillis) / refillMillis);
        updatedMillis = now;
      }
    }

    boolean mayWarn(long now) {
      if (lastWarnMillis != Long.MIN_VALUE && now - lastWarnMillis < WARN_EVERY_MILLIS) {
        return false;
      }
      lastWarnMillis = now;
      return true;
    }
  }
}
