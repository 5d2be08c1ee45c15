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
   * Called instead of {@link #write} while the queue is filling faster than writes empty it: keep
   * these hits at the lowest cost a hit, and finish them in {@link #catchUp}. Writes them by
   * default.
   */
  default void spill(List<HitEvent> batch) throws Exception {
    write(batch);
  }

  /** Called by the queue's thread while the queue is calm: one bounded piece of deferred work. */
  default void catchUp() throws Exception {}

  /**
   * Called by the queue's thread after every drain, busy or idle: a sink that gathers hits into
   * bigger batches hands over the one that has waited long enough.
   */
  default void flushIfDue() throws Exception {}

  /** Called once the queue is closed and empty: hand over whatever was gathered. */
  default void flush() throws Exception {}

  /**
   * A sink that stores nothing: the hits are counted by the queue and its metrics only.
   * Used until an analytics store (ClickHouse or embedded) is wired in.
   */
  static HitSink countOnly() {
    return batch -> {};
  }
}
