package dev.waymark.hit.duckdb;

import dev.waymark.conversion.ConversionStoreContract;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

class DuckDbConversionsTest extends ConversionStoreContract {

  private DuckDbStore store;

  @Override
  protected Stores open(Clock clock, Instant pendingSince) throws Exception {
    store = DuckDbStore.open(null);
    store.migrate();
    return new Stores(store, new DuckDbConversions(store, clock, () -> pendingSince), new DuckDbStats(store));
  }

  @Override
  protected List<List<String>> rows(UUID click) throws Exception {
    String columns = selectList(c -> "CAST(epoch(" + c + ") AS BIGINT)", c -> "CAST(" + c + " AS VARCHAR)");
    List<List<String>> rows = new ArrayList<>();
    try (Connection c = store.newReadConnection();
         PreparedStatement ps = c.prepareStatement("SELECT " + columns + " FROM conversions WHERE hit_id = ?")) {
      ps.setObject(1, click);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          List<String> row = new ArrayList<>();
          for (int i = 1; i <= COLUMNS.size(); i++) {
            row.add(rs.getString(i));
          }
          rows.add(row);
        }
      }
    }
    return rows;
  }

  @Override
  protected long count() throws Exception {
    try (Connection c = store.newReadConnection();
         ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM conversions")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  @Override
  protected void close() throws Exception {
    store.close();
  }
}
