package dev.waymark.hit.duckdb;

import dev.waymark.stats.ExportSink;
import dev.waymark.stats.SqlDialect;
import dev.waymark.stats.SqlStatsStore;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Stats from the embedded DuckDB file with the semantics of {@link SqlStatsStore}, read through
 * the running sink's own database instance (a second process may not open the file). Each
 * question gets a fresh duplicated connection: DuckDB lets it read a consistent snapshot while the
 * delivery thread appends, without taking the {@link DuckDbStore}'s lock. Safe to share between
 * threads.
 */
public final class DuckDbStats extends SqlStatsStore {

  /** Rows fetched at a time by an export: a DuckDB vector's worth. */
  private static final int FETCH_SIZE = 2048;

  private final DuckDbStore store;

  /** Every visitor counted exactly, whatever the size. */
  public DuckDbStats(DuckDbStore store) {
    super(SqlDialect.DUCKDB);
    this.store = store;
  }

  /** Sampling visitors above {@code exactVisitors}, as ClickHouse does: tests hold both to one answer. */
  DuckDbStats(DuckDbStore store, long exactVisitors) {
    super(SqlDialect.DUCKDB, exactVisitors);
    this.store = store;
  }

  @Override
  protected String hits() {
    return "hits";
  }

  @Override
  protected String conversions() {
    return "conversions";
  }

  @Override
  protected List<List<String>> select(String query) throws Exception {
    try (Connection c = store.newReadConnection(); Statement st = c.createStatement();
         ResultSet rs = st.executeQuery(query)) {
      int columns = rs.getMetaData().getColumnCount();
      List<List<String>> rows = new ArrayList<>();
      while (rs.next()) {
        List<String> row = new ArrayList<>(columns);
        for (int i = 1; i <= columns; i++) {
          row.add(rs.getString(i));
        }
        rows.add(row);
      }
      return rows;
    }
  }

  /**
   * A forward-only result on a connection with {@code jdbc_stream_results} on, so DuckDB produces
   * rows as they are fetched instead of materialising the whole answer first.
   */
  @Override
  protected void selectEach(String query, ExportSink rows) throws Exception {
    try (Connection c = store.newReadConnection(); Statement st = c.createStatement(ResultSet.TYPE_FORWARD_ONLY,
        ResultSet.CONCUR_READ_ONLY)) {
      st.execute("SET jdbc_stream_results = true");
      st.setFetchSize(FETCH_SIZE);
      try (ResultSet rs = st.executeQuery(query)) {
        int columns = rs.getMetaData().getColumnCount();
        while (rs.next()) {
          List<String> row = new ArrayList<>(columns);
          for (int i = 1; i <= columns; i++) {
            row.add(rs.getString(i));
          }
          if (!rows.accept(row)) {
            return;
          }
        }
      }
    }
  }

  @Override
  public String kind() {
    return "duckdb";
  }
}
