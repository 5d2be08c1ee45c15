package dev.waymark.conversion;

import java.util.List;

/**
 * Stores conversions in the analytics store, each attributed to the hit it names: the hit's link,
 * touchpoint, campaign, channel, stage, source, variant, visitor and every other hit column are
 * copied onto it, so stats can count it with the hit's filters. Idempotent on
 * {@code (click, type, id)}. Calls block: never call them on an event loop.
 */
public interface ConversionStore {

  /** What became of one reported conversion. */
  enum Status {
    /** Stored now. */
    STORED,
    /** Stored before (or earlier in the same list): nothing stored again. */
    DUPLICATE,
    /**
     * Its hit is not in the store yet but may still be on its way (recent enough to sit in a
     * queue or spool): nothing stored; report it again later. The analytics sink's stores answer
     * it for a version 7 click made at most a minute ahead and no earlier than 15 minutes before
     * the earlier of now and the oldest hit record the sink has not delivered yet (any time while
     * records of unknown age wait in a spool); {@code AnalyticsSink.pendingSince}.
     */
    PENDING,
    /** No such hit was stored, and none with that id can still arrive. */
    UNKNOWN_CLICK
  }

  /**
   * Records {@code conversions} (at most {@link Conversion#MAX_BATCH}), returning one status per
   * conversion in the same order. All or nothing on unknown clicks: when any is
   * {@link Status#UNKNOWN_CLICK}, nothing is stored and the others are answered as they would have
   * been. A retry of the same list after any failure stores nothing twice.
   */
  List<Status> record(List<Conversion> conversions) throws Exception;

  /** {@code clickhouse} or {@code duckdb}, for messages that name the store. */
  String kind();
}
