package dev.waymark.routing;

import io.vertx.core.Future;
import java.util.List;

/**
 * Where {@link RedisHitCaps} keeps the shared counts: each counter (one per process and code) is
 * raised to its own running count, never lowered, so sending the same count twice changes nothing
 * and a call whose outcome is unknown can simply be sent again. Called only from the flusher
 * thread, which may wait for the answer.
 *
 * <p>An interface so the counting logic can be tested without Redis; {@link RedisHitCounts} is the
 * one implementation in production.
 */
interface HitCountStore {

  /**
   * Raises each counter to its count (if it is below) and answers, in the same order, the total of
   * every counter of each code afterwards; throws when the store did not answer in time.
   */
  List<Long> sync(List<HitCount> counts) throws Exception;

  /** Removes counters whose count is already in the totals, so the totals stay and the counters go. */
  void retire(List<HitCount> counts) throws Exception;

  /** Closes the connection. */
  Future<Void> close();

  /** The count of one counter: {@code field} names the process and incarnation it belongs to. */
  record HitCount(String code, String field, long count) {}
}
