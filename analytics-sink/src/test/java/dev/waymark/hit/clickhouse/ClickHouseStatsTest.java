package dev.waymark.hit.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.waymark.stats.ExportColumn;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class ClickHouseStatsTest {

  @Test
  void unescape_tabSeparatedEscapes_giveTheStoredText() {
    assertThat(ClickHouseStats.unescape("o\\'brien\\\\cafe")).isEqualTo("o'brien\\cafe");
    assertThat(ClickHouseStats.unescape("a\\tb\\nc\\0")).isEqualTo("a\tb\nc\0");
    assertThat(ClickHouseStats.unescape("plain")).isEqualTo("plain");
  }

  @Test
  void unescape_backslashN_isNullButEscapedBackslashNIsText() {
    assertThat(ClickHouseStats.unescape("\\N")).isNull();
    assertThat(ClickHouseStats.unescape("\\\\N")).isEqualTo("\\N");
  }

  @Test
  void exportColumns_areEveryColumnOfHitsInTheTablesOrder() {
    assertThat(ExportColumn.ALL).extracting(ExportColumn::name).containsExactlyElementsOf(HitsSchema.COLUMNS);
  }

  @Test
  void questions_askTheServerToStopAtTheApisTimeout() throws Exception {
    List<String> queries = new CopyOnWriteArrayList<>();
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", exchange -> {
      queries.add(exchange.getRequestURI().getRawQuery());
      byte[] body = "1\n".getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    server.start();
    try {
      ClickHouseStats stats = new ClickHouseStats(
          ClickHouseConfig.of("http://127.0.0.1:" + server.getAddress().getPort(), "waymark"));
      assertThat(stats.select("SELECT 1")).containsExactly(List.of("1"));
    } finally {
      server.stop(0);
    }
    assertThat(queries).containsExactly("max_execution_time=30");
  }
}
