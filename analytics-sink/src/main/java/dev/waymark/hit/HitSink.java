package dev.waymark.hit;

import java.util.List;

/**
 * Where batches of hits go once they leave the redirect path. Called from one sink thread, never
 * from an event loop, so implementations may block; a thrown exception counts the batch as failed.
 */
@FunctionalInterface
public interface HitSink {

  void write(List<HitEvent> batch) throws Exception;

  /**
   * A sink that stores nothing: the hits are counted by {@link HitQueue} and its metrics only.
   * Used until an analytics store (ClickHouse or embedded) is wired in.
   */
  static HitSink countOnly() {
    return batch -> {};
  }
}
