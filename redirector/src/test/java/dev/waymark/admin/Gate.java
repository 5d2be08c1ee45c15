package dev.waymark.admin;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Lets a fake store's calls through, or holds every one until it opens again (at most ten seconds). */
final class Gate {

  private volatile CountDownLatch closed;

  /** Every call from now on waits in {@link #pass()} until {@link #open()}. */
  void close() {
    closed = new CountDownLatch(1);
  }

  void open() {
    CountDownLatch c = closed;
    closed = null;
    if (c != null) {
      c.countDown();
    }
  }

  void pass() throws InterruptedException {
    CountDownLatch c = closed;
    if (c != null) {
      c.await(10, TimeUnit.SECONDS);
    }
  }
}
