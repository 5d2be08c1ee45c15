package dev.waymark.hit.duckdb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.waymark.hit.HitBatch;
import dev.waymark.hit.HitStore;
import dev.waymark.hit.HitStoreContract;
import dev.waymark.hit.TestHits;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.StringJoiner;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
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

  @Test
  void migrate_fileFromBeforeTheBatchIndex_indexesTheBatchesItHolds() throws Exception {
    store.migrate();
    UUID id = UUID.randomUUID();
    store.deliver(new HitBatch(id, TestHits.rows(id, 7), 0), false);
    try (Connection c = store.newReadConnection(); Statement st = c.createStatement()) {
      // What a file written by the first version looks like: hits, but no index of batches.
      st.execute("DROP TABLE hit_batches");
      st.execute("DELETE FROM schema_migrations WHERE version = 2");
    }
    assertThat(store.migrate()).containsExactly(2);
    assertThat(store.deliver(new HitBatch(id, TestHits.rows(id, 7), 0), true))
        .isEqualTo(HitStore.Outcome.ALREADY_PRESENT);
    assertThat(firstRow("SELECT count(*) FROM hits")).isEqualTo("7");
  }

  @Test
  void migrate_fileFromBeforeTheRuleColumn_addsItLast_oldRowsReadEmpty() throws Exception {
    store.migrate();
    UUID old = UUID.randomUUID();
    try (Connection c = store.newReadConnection(); Statement st = c.createStatement()) {
      // What a file of the version before looks like: no rule anywhere, migration 4 not recorded.
      st.execute("ALTER TABLE hits DROP COLUMN rule");
      st.execute("ALTER TABLE conversions DROP COLUMN rule");
      st.execute("DELETE FROM schema_migrations WHERE version = 4");
      st.execute("INSERT INTO hits (ts, hit_id, batch_id, code, variant) VALUES (now(), gen_random_uuid(), '"
          + old + "', 'before', 'a')");
    }
    assertThat(store.migrate()).containsExactly(4);
    assertThat(firstRow("SELECT column_name FROM information_schema.columns WHERE table_name = 'hits'"
        + " ORDER BY ordinal_position DESC LIMIT 1")).isEqualTo("rule");
    assertThat(firstRow("SELECT column_name FROM information_schema.columns WHERE table_name = 'conversions'"
        + " ORDER BY ordinal_position DESC LIMIT 1")).isEqualTo("rule");
    UUID id = UUID.randomUUID();
    store.deliver(new HitBatch(id, TestHits.rowsWithRules(id, 3), 0), false);
    assertThat(firstRow("SELECT string_agg(variant || '/' || rule, ' ' ORDER BY ts, hit_id) FROM hits"))
        .as("the row from before last: now, after the test rows of 2025").isEqualTo("a/0 b/vip a/ a/");
  }

  @Test
  void open_limitsDuckDbToItsShareOfTheProcess() throws Exception {
    assertThat(firstRow("SELECT current_setting('threads')")).isEqualTo("1");
    // DuckDB reports 128MB in binary units.
    assertThat(firstRow("SELECT current_setting('memory_limit')")).isEqualTo("122.0 MiB");
  }

  @Override
  protected HitStore store() {
    return store;
  }

  @Override
  protected HitStore.Outcome deliverRows(HitBatch batch, boolean mayAlreadyBeIn) throws Exception {
    return store.deliver(batch, mayAlreadyBeIn);
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
