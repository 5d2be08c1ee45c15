package dev.waymark.hit.clickhouse;

import dev.waymark.hit.EncodedBatch;
import dev.waymark.hit.HitBatch;
import dev.waymark.hit.HitRow;
import dev.waymark.hit.HitStore;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Inserts encoded batches into {@code hits} so that each batch's rows end up there exactly once:
 * when a previous attempt's outcome is unknown, it first counts the rows of that {@code batch_id}
 * and only sends what is not already in. ClickHouse does not deduplicate inserts into
 * non-replicated tables, so this check is the whole guarantee.
 */
public final class ClickHouseWriter implements HitStore {

  private static final Logger log = LoggerFactory.getLogger(ClickHouseWriter.class);

  private final ClickHouseHttp http;
  private final Migrations migrations;
  private final String insertSql;
  private final LongAdder duplicateChecks = new LongAdder();
  private final LongAdder duplicatesAvoided = new LongAdder();

  public ClickHouseWriter(ClickHouseHttp http) {
    this.http = http;
    this.migrations = new Migrations(http, Clock.systemUTC());
    this.insertSql = HitsSchema.insertSql(http.config().database());
  }

  @Override
  public List<Integer> migrate() throws ClickHouseException {
    return migrations.migrate();
  }

  @Override
  public String kind() {
    return "clickhouse";
  }

  /** Convenience for callers holding rows, e.g. tests and the replay CLI. */
  public Outcome deliver(List<HitRow> rows, UUID batchId, long nowMillis) throws ClickHouseException {
    return deliver(new HitBatch(batchId, rows, nowMillis).encode(), false);
  }

  /**
   * Sends one batch. {@code mayAlreadyBeIn} must be true whenever an earlier attempt of this
   * batch may have reached ClickHouse (it failed with an unknown outcome, or the process restarted
   * before recording success). Throws when ClickHouse could not be asked or did not accept.
   */
  @Override
  public Outcome deliver(EncodedBatch batch, boolean mayAlreadyBeIn) throws ClickHouseException {
    if (batch.rows() == 0) {
      return Outcome.INSERTED;
    }
    Outcome outcome = Outcome.INSERTED;
    if (mayAlreadyBeIn) {
      duplicateChecks.increment();
      long present = rowsOf(batch);
      if (present >= batch.rows()) {
        duplicatesAvoided.add(batch.rows());
        return Outcome.ALREADY_PRESENT;
      }
      if (present > 0) {
        // Part of the batch went in (an insert across partitions is not atomic). Remove that part
        // and send the whole batch again; the delete only touches parts that exist now.
        log.warn("event=partial_batch_repaired batch_id={} present={} rows={}",
            batch.batchId(), present, batch.rows());
        http.execute("ALTER TABLE " + http.config().database() + ".hits DELETE WHERE batch_id = toUUID('"
            + batch.batchId() + "')");
        outcome = Outcome.REPAIRED;
      }
    }
    http.insertGzip(insertSql, batch.body());
    return outcome;
  }

  /** How many rows of this batch ClickHouse holds. */
  @Override
  public long rowsOf(EncodedBatch batch) throws ClickHouseException {
    // The ts range lets ClickHouse skip every partition the batch cannot be in.
    return Long.parseLong(http.queryValue("SELECT count() FROM " + http.config().database()
        + ".hits WHERE ts >= toDateTime(" + batch.minTs() + ") AND ts <= toDateTime(" + batch.maxTs()
        + ") AND batch_id = toUUID('" + batch.batchId() + "')"));
  }

  public long duplicateChecks() {
    return duplicateChecks.sum();
  }

  /** Rows not re-sent because a check found them already in ClickHouse. */
  public long duplicatesAvoided() {
    return duplicatesAvoided.sum();
  }
}
