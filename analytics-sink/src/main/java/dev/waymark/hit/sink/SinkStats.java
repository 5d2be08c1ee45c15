package dev.waymark.hit.sink;

/**
 * One reading of an {@link AnalyticsSink}'s counters and gauges, taken by {@link
 * AnalyticsSink#stats()}: counters only grow over the sink's life, gauges are the state at the
 * time of reading. Each value is read on its own, so two values need not be from the same instant.
 *
 * @param rowsWritten rows the store accepted (or was found to hold already after an unknown outcome)
 * @param batchesWritten batches the store accepted
 * @param deliverySeconds seconds spent delivering the batches written, summed (mean latency = this
 *     / batchesWritten)
 * @param batchesSpooled batches that went through the spool because the store failed, lagged or
 *     was stopping
 * @param handoffHits hits enriched and waiting in memory for the store: the open batch and the
 *     hand-off (gauge)
 * @param retries failed delivery attempts, each followed by a backoff and a retry of the same batch
 * @param duplicateChecks times the writer asked ClickHouse whether a batch was already in
 * @param duplicatesAvoided rows not sent again because ClickHouse already held them
 * @param insertFenceWaits duplicate checks that waited for an earlier attempt of the batch still
 *     running in ClickHouse
 * @param insertFenceKills earlier attempts of a batch killed in ClickHouse (by query id) because
 *     they ran too long
 * @param sameBatchRefusals attempts ClickHouse refused because an earlier attempt of the same batch
 *     was still running
 * @param spoolBytes disk used by both spools, delivered records of their current segments included
 *     (gauge)
 * @param spoolPendingBytes spooled bytes not yet in the store: batches and spilled hits (gauge)
 * @param oldestUnsentAgeMillis age of the oldest hit on disk and not yet in the store; 0 when none
 *     (gauge)
 * @param droppedHits hits dropped because the spools' disk budget was full
 * @param corruptSpoolRecords torn or corrupt spool records skipped, and spill records that could
 *     not be read back
 * @param spilledHits hits spilled unenriched because the queue filled faster than they were enriched
 * @param spoolWriteFailures batches lost because the spool could not be written (disk error)
 * @param spoolWriteFailedHits hits in the batches of {@code spoolWriteFailures}
 * @param enrichDegraded hits written with partial enrichment because full enrichment failed
 * @param userAgentsUnparsed hits whose user agent was classified by our rules only, past the
 *     parser's budget
 * @param enrichSkipped hits that could not be turned into a row at all
 * @param storeAvailable false while the last attempt to reach the store failed (gauge)
 */
public record SinkStats(
    long rowsWritten,
    long batchesWritten,
    double deliverySeconds,
    long batchesSpooled,
    int handoffHits,
    long retries,
    long duplicateChecks,
    long duplicatesAvoided,
    long insertFenceWaits,
    long insertFenceKills,
    long sameBatchRefusals,
    long spoolBytes,
    long spoolPendingBytes,
    long oldestUnsentAgeMillis,
    long droppedHits,
    long corruptSpoolRecords,
    long spilledHits,
    long spoolWriteFailures,
    long spoolWriteFailedHits,
    long enrichDegraded,
    long userAgentsUnparsed,
    long enrichSkipped,
    boolean storeAvailable) {}
