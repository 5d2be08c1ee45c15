package dev.waymark;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** Statements sent to the test ClickHouse over HTTP, one per request, as an analyst would. */
final class ClickHouseSql {

  /** Status and body of one statement; a non-200 status is an answer, not an exception. */
  record Answer(int status, String body) {}

  private ClickHouseSql() {}

  static String url() {
    String url = System.getenv("WAYMARK_TEST_CLICKHOUSE_URL");
    if (url == null || url.isBlank()) {
      throw new IllegalStateException("WAYMARK_TEST_CLICKHOUSE_URL is not set: eval \"$(scripts/services.sh start)\""
          + " and run with WAYMARK_TEST_CLICKHOUSE_URL=$WAYMARK_CLICKHOUSE_URL");
    }
    return url;
  }

  /** Sends {@code sql} as the POST body (no length limit, no URL encoding), TabSeparated answer. */
  static Answer post(String sql) throws Exception {
    HttpResponse<String> r = WaymarkProcess.HTTP.send(HttpRequest.newBuilder(URI.create(url() + "/"))
            .POST(HttpRequest.BodyPublishers.ofString(sql, StandardCharsets.UTF_8))
            .timeout(Duration.ofSeconds(20)).build(),
        HttpResponse.BodyHandlers.ofString());
    return new Answer(r.statusCode(), r.body());
  }

  /** The trimmed answer of a statement that must succeed. */
  static String query(String sql) throws Exception {
    Answer a = post(sql);
    if (a.status() != 200) {
      throw new IllegalStateException("ClickHouse said " + a.status() + " to [" + sql + "]: " + a.body());
    }
    return a.body().trim();
  }
}
