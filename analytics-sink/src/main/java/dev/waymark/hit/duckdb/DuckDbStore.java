package dev.waymark.hit.duckdb;

import dev.waymark.hit.EncodedBatch;
import dev.waymark.hit.HitBatch;
import dev.waymark.hit.HitRow;
import dev.waymark.hit.HitStore;
import dev.waymark.hit.row.HitsRowBinary;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded analytics store: a DuckDB file with the {@code hits} columns of the ClickHouse
 * contract, in its order (enums as their names in VARCHAR), each batch stored in one transaction together with
 * its {@code batch_id} in {@code hit_batches}, so a replayed batch is never stored twice. One
 * process at a time.
 */
public final class DuckDbStore implements HitStore {

  private static final Logger LOG = LoggerFactory.getLogger(DuckDbStore.class);

  /** The hit columns between {@code batch_id} and {@code received_at}, which a conversion copies too. */
  private static final String HIT_FIELDS = "code VARCHAR, link_code VARCHAR,\n"
      + "  touchpoint_code VARCHAR, campaign VARCHAR, channel VARCHAR, stage VARCHAR, source VARCHAR,\n"
      + "  is_qr UTINYINT, variant VARCHAR, status USMALLINT, device VARCHAR, os VARCHAR,\n"
      + "  os_version VARCHAR, browser VARCHAR, browser_version VARCHAR, traffic VARCHAR,\n"
      + "  bot_name VARCHAR, country VARCHAR, referrer_host VARCHAR, utm_source VARCHAR,\n"
      + "  utm_medium VARCHAR, utm_campaign VARCHAR, utm_term VARCHAR, utm_content VARCHAR,\n"
      + "  language VARCHAR, visitor UBIGINT, visitor_month UBIGINT";

  private static final String HITS = "CREATE TABLE IF NOT EXISTS hits (\n"
      + "  ts TIMESTAMP, hit_id UUID, batch_id UUID, " + HIT_FIELDS + ", received_at TIMESTAMP)";

  /** As ClickHouse's; the primary key turns a repeated conversion into a conflict the insert ignores. */
  private static final String CONVERSIONS = "CREATE TABLE IF NOT EXISTS conversions (\n"
      + "  ts TIMESTAMP, hit_id UUID, " + HIT_FIELDS + ",\n"
      + "  type VARCHAR, conversion_id VARCHAR, value_micros BIGINT, currency VARCHAR, reported_at TIMESTAMP,\n"
      + "  PRIMARY KEY (hit_id, type, conversion_id))";

  /** DuckDB's own memory: buffers and query state; it spills larger queries to disk. */
  static final String MEMORY_LIMIT = "128MB";

  private final Connection connection;

  private DuckDbStore(Connection connection) {
    this.connection = connection;
  }

  /** Opens (or creates) the DuckDB file; {@code null} path = in memory, for tests. */
  public static DuckDbStore open(Path file) throws IOException {
    try {
      if (file != null) {
        Files.createDirectories(file.toAbsolutePath().getParent());
      }
      Properties settings = new Properties();
      // It shares the redirector's process: DuckDB's defaults (80% of the machine's memory, a
      // thread per core) are for a database that has the machine to itself.
      settings.setProperty("memory_limit", MEMORY_LIMIT);
      settings.setProperty("threads", "1");
      Connection c = DriverManager.getConnection(
          "jdbc:duckdb:" + (file == null ? "" : file.toAbsolutePath()), settings);
      LOG.info("event=duckdb_opened file={}", file == null ? ":memory:" : file);
      return new DuckDbStore(c);
    } catch (SQLException e) {
      throw new IOException("cannot open DuckDB file " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * DuckDB appends in-process, holding the sink thread's CPU for the whole batch, and has no parts
   * to merge, so big batches buy nothing: with the server on one core, 100,000-row batches made
   * redirect p99 364 ms where 5,000-row ones gave 10 ms (wrk, 2026-11-23).
   */
  @Override
  public int maxBatchRows() {
    return 5_000;
  }

  @Override
  public String kind() {
    return "duckdb";
  }

  @Override
  public synchronized List<Integer> migrate() throws SQLException {
    List<Integer> ran = new ArrayList<>();
    try (Statement st = connection.createStatement()) {
      st.execute("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER, description VARCHAR, applied_at TIMESTAMP)");
      List<Integer> done = new ArrayList<>();
      try (ResultSet rs = st.executeQuery("SELECT DISTINCT version FROM schema_migrations")) {
        while (rs.next()) {
          done.add(rs.getInt(1));
        }
      }
      if (!done.contains(1)) {
        st.execute(HITS);
        applied(st, ran, 1, "hits table");
      }
      if (!done.contains(2)) {
        // Stored batch ids by primary key: the duplicate check after an unknown outcome.
        st.execute("CREATE TABLE IF NOT EXISTS hit_batches "
            + "(batch_id UUID PRIMARY KEY, rows INTEGER, stored_at TIMESTAMP)");
        st.execute("INSERT INTO hit_batches SELECT batch_id, count(*), now() FROM hits "
            + "WHERE batch_id NOT IN (SELECT batch_id FROM hit_batches) GROUP BY batch_id");
        applied(st, ran, 2, "hit_batches index of stored batches");
      }
      if (!done.contains(3)) {
        st.execute(CONVERSIONS);
        applied(st, ran, 3, "conversions table");
      }
      if (!done.contains(4)) {
        // Last in both tables, as in ClickHouse, where ADD COLUMN appends: the appender writes
        // columns in table order, so an old file and a new one take the same rows.
        st.execute("ALTER TABLE hits ADD COLUMN IF NOT EXISTS rule VARCHAR DEFAULT ''");
        st.execute("ALTER TABLE conversions ADD COLUMN IF NOT EXISTS rule VARCHAR DEFAULT ''");
        applied(st, ran, 4, "rule column");
      }
    }
    return ran;
  }

  @Override
  public Outcome deliver(EncodedBatch batch, boolean mayAlreadyBeIn) throws SQLException {
    return deliver(new HitBatch(batch.batchId(), HitsRowBinary.read(batch.body(), batch.rows(), batch.format()),
        batch.createdAtMillis()), mayAlreadyBeIn);
  }

  /**
   * Appends the rows and records the batch id in one transaction. The id is looked up (in
   * {@code hit_batches}, by its primary key) only when an earlier attempt may have stored it:
   * scanning {@code hits} for it on every batch would cost more the bigger the file grows.
   */
  public Outcome deliver(HitBatch batch, boolean mayAlreadyBeIn) throws SQLException {
    return inTransaction(c -> {
      if (mayAlreadyBeIn && stored(batch.batchId())) {
        return Outcome.ALREADY_PRESENT;
      }
      try (DuckDBAppender appender = ((DuckDBConnection) c).createAppender("main", "hits")) {
        for (HitRow r : batch.rows()) {
          append(appender, r);
        }
      }
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO hit_batches VALUES (?, ?, now())")) {
        ps.setObject(1, batch.batchId());
        ps.setInt(2, batch.rows().size());
        ps.executeUpdate();
      }
      return Outcome.INSERTED;
    });
  }

  private boolean stored(UUID batchId) throws SQLException {
    try (PreparedStatement ps = connection.prepareStatement("SELECT 1 FROM hit_batches WHERE batch_id = ?")) {
      ps.setObject(1, batchId);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    }
  }

  private static void append(DuckDBAppender a, HitRow r) throws SQLException {
    a.beginRow()
        .appendEpochMicros(r.ts() * 1_000_000L)
        .append(r.hitId())
        .append(r.batchId())
        .append(r.code())
        .append(r.linkCode())
        .append(r.touchpointCode())
        .append(r.campaign())
        .append(r.channel())
        .append(r.stage().wireName())
        .append(r.source())
        .append((byte) (r.qr() ? 1 : 0))
        .append(r.variant())
        .append((short) r.status())
        .append(r.device().wireName())
        .append(r.os())
        .append(r.osVersion())
        .append(r.browser())
        .append(r.browserVersion())
        .append(r.traffic().wireName())
        .append(r.botName())
        .append(r.country())
        .append(r.referrerHost())
        .append(r.utmSource())
        .append(r.utmMedium())
        .append(r.utmCampaign())
        .append(r.utmTerm())
        .append(r.utmContent())
        .append(r.language())
        .append(r.visitor())
        .append(r.visitorMonth())
        .appendEpochMicros(r.receivedAt() * 1_000_000L)
        .append(r.rule())
        .endRow();
  }

  private static void applied(Statement st, List<Integer> ran, int version, String description)
      throws SQLException {
    st.execute("INSERT INTO schema_migrations VALUES (" + version + ", '" + description + "', now())");
    ran.add(version);
    LOG.info("event=migration_applied store=duckdb version={} description=\"{}\"", version, description);
  }

  @Override
  public synchronized long rowsOf(EncodedBatch batch) throws SQLException {
    return count(batch);
  }

  private long count(EncodedBatch batch) throws SQLException {
    try (PreparedStatement ps = connection.prepareStatement("SELECT count(*) FROM hits WHERE batch_id = ?")) {
      ps.setObject(1, batch.batchId());
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  /** What runs on the store's own connection in one transaction; see {@link #inTransaction}. */
  interface Work<T> {
    T run(Connection connection) throws SQLException;
  }

  /**
   * Runs {@code work} in one transaction on the store's connection, under the lock batch delivery
   * takes, so the two never interleave in a transaction; rolled back when it throws.
   */
  synchronized <T> T inTransaction(Work<T> work) throws SQLException {
    connection.setAutoCommit(false);
    try {
      T result = work.run(connection);
      connection.commit();
      return result;
    } catch (SQLException | RuntimeException e) {
      connection.rollback();
      throw e;
    } finally {
      connection.setAutoCommit(true);
    }
  }

  /** A connection for reads (stats queries, tests); DuckDB allows many in one process. */
  public Connection newReadConnection() throws SQLException {
    return ((DuckDBConnection) connection).duplicate();
  }

  @Override
  public synchronized void close() throws SQLException {
    connection.close();
  }
}
