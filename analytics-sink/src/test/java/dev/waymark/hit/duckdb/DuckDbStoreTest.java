package dev.waymark.hit.duckdb;

import dev.waymark.hit.HitStore;
import dev.waymark.hit.HitStoreContract;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.StringJoiner;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

class DuckDbStoreTest extends HitStoreContract {

  @TempDir Path dir;
  DuckDbStore store;

  @BeforeEach
  void open() throws Exception {
    store = DuckDbStore.open(dir.resolve("hits.duckdb"));
  }

  @AfterEach
  void close() throws Exception {
    store.close();
  }

  @Override
  protected HitStore store() {
    return store;
  }

  @Override
  protected String firstRow(String sql) throws Exception {
    try (Connection c = store.newReadConnection(); Statement st = c.createStatement();
         ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      StringJoiner row = new StringJoiner("\t");
      for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
        row.add(String.valueOf(rs.getObject(i)));
      }
      return row.toString();
    }
  }

  @Override
  protected String hits() {
    return "hits";
  }

  @Override
  protected String uuid(UUID id) {
    return "'" + id + "'::UUID";
  }
}
