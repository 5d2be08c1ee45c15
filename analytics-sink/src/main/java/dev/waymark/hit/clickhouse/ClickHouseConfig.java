package dev.waymark.hit.clickhouse;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Where ClickHouse is and how to talk to it; the database name is checked here because it is
 * spliced into SQL (ClickHouse 18.16 has no query parameters).
 *
 * @param url base of the HTTP interface, e.g. {@code http://127.0.0.1:8123}
 * @param requestTimeout upper bound of one HTTP exchange; past it the outcome of an insert is
 *     unknown and the writer asks ClickHouse before re-sending
 * @param cluster the cluster (as the servers' {@code remote_servers} name it) the schema is spread
 *     over, {@code null} for one server: see {@link ClusterSchema}
 */
public record ClickHouseConfig(
    URI url, String database, String user, String password, Duration requestTimeout, String cluster) {

  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,63}");

  public ClickHouseConfig {
    Objects.requireNonNull(url, "WAYMARK_CLICKHOUSE_URL");
    if (!"http".equals(url.getScheme()) && !"https".equals(url.getScheme())) {
      throw new IllegalArgumentException("WAYMARK_CLICKHOUSE_URL must be http:// or https://, got " + url);
    }
    if (database == null || !IDENTIFIER.matcher(database).matches()) {
      throw new IllegalArgumentException(
          "WAYMARK_CLICKHOUSE_DATABASE must match " + IDENTIFIER + ", got '" + database + "'");
    }
    user = user == null || user.isEmpty() ? "default" : user;
    password = password == null ? "" : password;
    requestTimeout = requestTimeout == null ? Duration.ofSeconds(30) : requestTimeout;
    cluster = cluster == null || cluster.isEmpty() ? null : cluster;
    if (cluster != null && !IDENTIFIER.matcher(cluster).matches()) {
      throw new IllegalArgumentException(
          "WAYMARK_CLICKHOUSE_CLUSTER must match " + IDENTIFIER + ", got '" + cluster + "'");
    }
  }

  /** One server, no cluster. */
  public ClickHouseConfig(URI url, String database, String user, String password, Duration requestTimeout) {
    this(url, database, user, password, requestTimeout, null);
  }

  /** The same server and database, spread over {@code cluster} ({@code null}: one server). */
  public ClickHouseConfig withCluster(String cluster) {
    return new ClickHouseConfig(url, database, user, password, requestTimeout, cluster);
  }

  public static ClickHouseConfig of(String url, String database) {
    return new ClickHouseConfig(URI.create(url), database, "default", "", Duration.ofSeconds(30));
  }

  @Override
  public String toString() {
    return "ClickHouseConfig[url=" + url + ", database=" + database + ", user=" + user
        + (cluster == null ? "" : ", cluster=" + cluster) + "]";
  }
}
