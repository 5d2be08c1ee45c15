package dev.waymark.hit;

import java.util.List;

/**
 * Where enriched batches end up for analysis — ClickHouse in production, DuckDB embedded — with
 * the same columns and the same promise: a batch delivered more than once (retries, replays after
 * a crash) is stored once. Called from one delivery thread.
 */
public interface HitStore extends AutoCloseable {

  /** What one {@link #deliver} did. */
  enum Outcome { INSERTED, ALREADY_PRESENT, REPAIRED }

  /** Creates or upgrades the schema; idempotent. Returns the migration versions it applied. */
  List<Integer> migrate() throws Exception;

  /**
   * Stores the batch unless it is already stored. {@code mayAlreadyBeIn} is true whenever an
   * earlier attempt may have reached the store; stores that check anyway may ignore it.
   */
  Outcome deliver(EncodedBatch batch, boolean mayAlreadyBeIn) throws Exception;

  /**
   * Implemented by a store's exceptions that know whether the failed call may still have stored
   * the batch. Any other exception out of {@link #deliver} or {@link #migrate} counts as an
   * unknown outcome: the batch is checked for before it is sent again.
   */
  interface Failure {

    /** True when the request may have been applied (e.g. the connection broke after it left). */
    boolean outcomeUnknown();
  }

  /** Whether a batch whose delivery threw {@code e} may be stored already (see {@link Failure}). */
  static boolean outcomeUnknown(Exception e) {
    return !(e instanceof Failure failure) || failure.outcomeUnknown();
  }

  /**
   * Most rows worth putting in one batch for this store; the sink uses the smaller of this and
   * its configured batch size.
   */
  default int maxBatchRows() {
    return Integer.MAX_VALUE;
  }

  /** Rows of this batch the store holds. */
  long rowsOf(EncodedBatch batch) throws Exception;

  /** A short name for logs: {@code clickhouse} or {@code duckdb}. */
  String kind();

  @Override
  default void close() throws Exception {}
}
