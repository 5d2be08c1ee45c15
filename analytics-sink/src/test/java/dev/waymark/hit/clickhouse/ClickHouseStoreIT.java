package dev.waymark.hit.clickhouse;

import dev.waymark.hit.HitStore;
import dev.waymark.hit.HitStoreContract;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

class ClickHouseStoreIT extends HitStoreContract {

  static ClickHouseConfig config;
  static ClickHouseWriter store;

  @BeforeAll
  static void database() {
    config = TestClickHouse.freshDatabase("store");
    store = new ClickHouseWriter(new ClickHouseHttp(config));
  }

  @AfterAll
  static void drop() throws Exception {
    TestClickHouse.drop(config);
  }

  @Override
  protected HitStore store() {
    return store;
  }

  @Override
  protected String firstRow(String sql) throws Exception {
    // TSVRaw is missing on 18.16; the contract's values hold no escapable characters.
    return new ClickHouseHttp(config).execute(sql + " LIMIT 1 FORMAT TabSeparated").strip();
  }

  @Override
  protected String hits() {
    return config.database() + ".hits";
  }

  @Override
  protected String uuid(UUID id) {
    return "toUUID('" + id + "')";
  }
}
