package dev.waymark.hit.clickhouse;

import dev.waymark.conversion.ConversionStoreContract;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

class ClickHouseConversionsIT extends ConversionStoreContract {

  private ClickHouseConfig config;
  private ClickHouseHttp http;

  @Override
  protected Stores open(Clock clock, Instant pendingSince) throws Exception {
    config = TestClickHouse.freshDatabase("conversions");
    http = new ClickHouseHttp(config);
    ClickHouseWriter writer = new ClickHouseWriter(http);
    writer.migrate();
    return new Stores(writer, new ClickHouseConversions(config, clock, () -> pendingSince),
        new ClickHouseStats(config));
  }

  @Override
  protected List<List<String>> rows(UUID click) throws Exception {
    String columns = selectList(c -> "toInt64(" + c + ")", c -> "toString(" + c + ")");
    List<List<String>> rows = new ArrayList<>();
    for (String line : http.execute("SELECT " + columns + " FROM " + config.database()
        + ".conversions WHERE hit_id = '" + click + "' FORMAT TabSeparated").split("\n")) {
      if (!line.isEmpty()) {
        rows.add(Arrays.stream(line.split("\t", -1)).map(ClickHouseStats::unescape).toList());
      }
    }
    return rows;
  }

  @Override
  protected long count() throws Exception {
    return Long.parseLong(http.queryValue("SELECT count() FROM " + config.database() + ".conversions"));
  }

  @Override
  protected void close() throws Exception {
    TestClickHouse.drop(config);
  }
}
