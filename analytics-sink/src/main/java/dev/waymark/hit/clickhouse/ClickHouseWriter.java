package dev.waymark.hit.clickhouse;

import dev.waymark.hit.EncodedBatch;
import dev.waymark.hit.HitBatch;
import dev.waymark.hit.HitRow;
import dev.waymark.hit.HitStore;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Inserts encoded batches into {@code hits} so that each batch's rows end up there exactly once,
 * whatever the server did with an attempt the client gave up on. Every attempt of a batch carries
 * the same {@code query_id}, so the server itself refuses an attempt while an earlier one still
 * runs. When an earlier attempt's outcome is unknown, the writer first fences ({@link InsertFence}:
 * waits until no query with that id runs, kills it past a bound, and after a server that did not
 * answer, waits until it has answered for a settle time), then counts the rows of that
 * {@code batch_id} and sends only what is not in. On servers from 22.2 on, every insert also
 * carries {@code insert_deduplication_token=<batch_id>} and {@code hits} has a deduplication
 * window, so the server drops even a copy that reaches it after the check.
 *
 * <p>On a cluster ({@link ClickHouseConfig#cluster}) the insert goes into the Distributed
 * {@code hits}, which sends the whole batch, synchronously, to the one shard its {@code batch_id}
 * hashes to; the fence also asks every shard (a shard's write carries our id as its
 * {@code initial_query_id} on servers newer than 18.16) and always settles, and the count reads
 * every shard. With replicas,
 * a re-sent batch is also dropped by the Replicated table's own block deduplication (18.16
 * included), since the re-send carries the same blocks.
 *
 * <p>What 18.16 leaves open: it has no insert deduplication on a plain MergeTree, so a copy of a
 * batch that reaches the server (is read by it) later than the fence's settle time after the
 * server answered again, and after the re-send finished, is stored twice. That needs a request
 * held back by something between writer and server (a proxy, a stalled network path) for longer
 * than the request timeout, the backoff and the settle time together. Used by one delivery thread.
 */
public final class ClickHouseWriter implements HitStore {

  private static final Logger LOG = LoggerFactory.getLogger(ClickHouseWriter.class);

  private final ClickHouseHttp http;
  private final Migrations migrations;
  private final String insertSql;
  private final String insertSqlBeforeRule;
  private final InsertFence fence;
  private final LongAdder duplicateChecks = new LongAdder();
  private final LongAdder duplicatesAvoided = new LongAdder();
  private final LongAdder sameIdRefusals = new LongAdder();
  private volatile ServerVersion server;
  // Requests of a previous run, or of this one while the server did not answer, may still sit in
  // the server's buffers: until a fence has settled, they might be read after a count.
  private boolean unsettled = true;

  public ClickHouseWriter(ClickHouseHttp http) {
    this(http, InsertFence.Timing.forRequestTimeout(http.config().requestTimeout()));
  }

  ClickHouseWriter(ClickHouseHttp http, InsertFence.Timing fenceTiming) {
    this.http = http;
    this.migrations = new Migrations(http, Clock.systemUTC());
    this.insertSql = HitsSchema.insertSql(http.config().database() + ".hits");
    this.insertSqlBeforeRule = HitsSchema.insertSql(http.config().database() + ".hits", EncodedBatch.FORMAT_BEFORE_RULE);
    this.fence = new InsertFence(new InsertFence.Server() {
      @Override
      public int running(String queryId) throws ClickHouseException {
        String here = "(SELECT count() FROM system.processes WHERE query_id = '" + queryId + "')";
        String cluster = http.config().cluster();
        // On a cluster the server we talk to writes a batch on to its shard under a query id of the
        // shard's own; servers newer than 18.16 hand ours on as its initial_query_id, so a shard still
        // writing counts as running there. 18.16 does not, but keeps our insert listed here until the
        // shard answered; and asking every shard fails while one does not answer, so no count is
        // taken then.
        return Integer.parseInt(http.queryValue(cluster == null ? "SELECT " + here
            : "SELECT " + here + " + (SELECT count() FROM cluster('" + cluster + "', system, processes)"
                + " WHERE initial_query_id = '" + queryId + "')"));
      }

      @Override
      public void kill(String queryId) throws ClickHouseException {
        LOG.warn("event=insert_killed query_id={}", queryId);
        http.execute("KILL QUERY WHERE query_id = '" + queryId + "' ASYNC FORMAT TabSeparated");
      }
    }, fenceTiming);
  }

  @Override
  public List<Integer> migrate() throws ClickHouseException {
    List<Integer> ran = migrations.migrate();
    server = migrations.server(); // asked afresh: the server may have been upgraded since
    return ran;
  }

  @Override
  public String kind() {
    return "clickhouse";
  }

  /**
   * Sends one batch. {@code mayAlreadyBeIn} must be true whenever an earlier attempt of this
   * batch may have reached ClickHouse (it failed with an unknown outcome, or the process restarted
   * before recording success). Throws when ClickHouse could not be asked or did not accept; a
   * refusal because an earlier attempt still runs is an unknown outcome, to be retried later.
   */
  @Override
  public Outcome deliver(EncodedBatch batch, boolean mayAlreadyBeIn) throws ClickHouseException {
    if (batch.rows() == 0) {
      return Outcome.INSERTED;
    }
    String queryId = queryId(batch.batchId());
    try {
      String token = batch.batchId().toString();
      if (mayAlreadyBeIn) {
        duplicateChecks.increment();
        // On a cluster a shard that stopped answering shows to us only as an error answer of the
        // server we talk to, never as a missing one: every check there settles.
        fence.await(queryId, unsettled || http.config().cluster() != null);
        unsettled = false;
        long present = rowsOf(batch);
        if (present >= batch.rows()) {
          duplicatesAvoided.add(batch.rows());
          return Outcome.ALREADY_PRESENT;
        }
        if (present > 0) {
          LOG.warn("event=partial_batch_repaired batch_id={} present={} rows={}",
              batch.batchId(), present, batch.rows());
          // The first attempt's token is remembered with the part it stored: the repair needs its own.
          repair(batch, queryId, token + "-repair-" + present);
          return Outcome.REPAIRED;
        }
      }
      // A batch an earlier version spooled has no rule: the column takes its default.
      String sql = batch.format() == EncodedBatch.FORMAT_BEFORE_RULE ? insertSqlBeforeRule : insertSql;
      http.insertGzip(sql, batch.body(), insertParameters(sql, queryId, token, server()));
      return Outcome.INSERTED;
    } catch (ClickHouseException e) {
      if (e.httpStatus() == 0) {
        unsettled = true; // no answer: the server may be paused with our requests in its buffers
      }
      if (e.serverCode() == ClickHouseException.QUERY_WITH_SAME_ID_IS_ALREADY_RUNNING) {
        sameIdRefusals.increment();
      }
      throw e;
    }
  }

  /**
   * Stores the rows of a partly stored batch that are missing (an insert is stored one part per
   * month, so a cut one can leave some months in). The batch goes whole into a scratch table, and
   * only the rows whose {@code hit_id} {@code hits} lacks go from there into it: the views that
   * feed the rollups and {@code hits_sample} see every hit exactly once, as they would not if the
   * present part were deleted and the whole batch sent again (a delete does not reach them). The
   * insert carries the batch's query id, so the fence guards it like any attempt, and the batch
   * counts as delivered only when a count finds it whole.
   */
  private void repair(EncodedBatch batch, String queryId, String token) throws ClickHouseException {
    String db = http.config().database();
    String scratch = db + ".hits_repair_" + batch.batchId().toString().replace("-", "");
    http.execute("DROP TABLE IF EXISTS " + scratch);
    http.execute("CREATE TABLE " + scratch + " AS " + db + ".hits ENGINE = Memory");
    try {
      http.insertGzip(HitsSchema.insertSql(scratch, batch.format()), batch.body());
      String missing = "INSERT INTO " + db + ".hits SELECT * FROM " + scratch
          + " WHERE hit_id NOT IN (SELECT hit_id FROM " + db + ".hits WHERE ts >= toDateTime(" + batch.minTs()
          + ") AND ts <= toDateTime(" + batch.maxTs() + ") AND batch_id = toUUID('" + batch.batchId() + "'))";
      http.executeInsert(missing, insertParameters(missing, queryId, token, server()));
    } finally {
      http.execute("DROP TABLE IF EXISTS " + scratch);
    }
    long present = rowsOf(batch);
    if (present != batch.rows()) {
      throw new ClickHouseException("batch " + batch.batchId() + " holds " + present + " of its " + batch.rows()
          + " rows after its repair", 0, true, null);
    }
  }

  /** The same for every attempt of a batch, so the server refuses one while another runs. */
  static String queryId(UUID batchId) {
    return "waymark-batch-" + batchId;
  }

  /**
   * The URL parameters of an insert. {@code max_query_size} matters as much as the query id: the
   * server reads that many bytes of the request (256 KiB by default, data included) before it
   * parses the statement and lists it in {@code system.processes}, so a request stalled within
   * its first 256 KiB would be invisible to the fence. Just above the statement, it is listed as
   * soon as its data begins.
   */
  static Map<String, String> insertParameters(String insertSql, String queryId, String token,
      ServerVersion server) {
    Map<String, String> parameters = new LinkedHashMap<>();
    parameters.put("query_id", queryId);
    parameters.put("max_query_size", String.valueOf(insertSql.length() + 64));
    if (server.hasInsertDeduplicationToken()) {
      parameters.put("insert_deduplication_token", token);
    }
    return parameters;
  }

  private ServerVersion server() throws ClickHouseException {
    ServerVersion known = server;
    if (known == null) {
      known = ServerVersion.parse(http.queryValue("SELECT version()"));
      server = known;
    }
    return known;
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

  /** Checks that found an earlier attempt of the batch still running and waited for it to end. */
  public long fenceWaits() {
    return fence.waits();
  }

  /** Earlier attempts killed by their query id because they ran past the fence's bound. */
  public long fenceKills() {
    return fence.kills();
  }

  /** Attempts the server refused because an earlier attempt of the same batch was still running. */
  public long sameIdRefusals() {
    return sameIdRefusals.sum();
  }
}
