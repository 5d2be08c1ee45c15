package dev.waymark.hit.clickhouse;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings a ClickHouse database up to the current schema: creates the database and
 * {@code schema_migrations}, then runs every migration not recorded there, in version order.
 * Safe to run at every start-up, from several processes at once, and after a crash mid-way,
 * because every statement is idempotent and a version is recorded only after its statements ran.
 * On a cluster ({@link ClickHouseConfig#cluster}) each statement runs in its {@link ClusterSchema}
 * form, {@code ON CLUSTER}: the servers take such statements from one queue in ZooKeeper, one at a
 * time and in order, so two processes migrating at once run each statement twice, the second time
 * as a no-op. The record itself is a table of that form, read through its Distributed table.
 */
public final class Migrations {

  private static final Logger LOG = LoggerFactory.getLogger(Migrations.class);

  private static final Pattern ADD_COLUMN = Pattern.compile(
      "^ALTER TABLE (\\w+)\\.(\\w+)(?: ON CLUSTER \\w+)? ADD COLUMN (\\w+) ");

  private final ClickHouseHttp http;
  private final Clock clock;
  private volatile ServerVersion server;
  private volatile ClusterSchema clusterSchema;

  public Migrations(ClickHouseHttp http, Clock clock) {
    this.http = http;
    this.clock = clock;
  }

  /** Runs what is missing and returns the versions it applied (empty when up to date). */
  public List<Integer> migrate() throws ClickHouseException {
    String db = http.config().database();
    ServerVersion server = ServerVersion.parse(http.queryValue("SELECT version()"));
    this.server = server;
    ClusterSchema cluster = clusterSchema();
    run(cluster, "CREATE DATABASE IF NOT EXISTS " + db);
    run(cluster, "CREATE TABLE IF NOT EXISTS " + db + ".schema_migrations ("
        + "version UInt32, description String, applied_at DateTime('UTC'))"
        + " ENGINE = MergeTree() ORDER BY version");
    Set<Integer> done = applied(db);
    List<Migration> all = HitsSchema.migrations(db, server);
    List<Integer> ran = new ArrayList<>();
    for (Migration m : all) {
      if (done.contains(m.version())) {
        continue;
      }
      for (String statement : m.statements()) {
        run(cluster, statement);
      }
      http.execute("INSERT INTO " + db + ".schema_migrations (version, description, applied_at)"
          + " SELECT " + m.version() + ", '" + m.description().replace("'", "") + "', toDateTime("
          + clock.instant().getEpochSecond() + ")");
      ran.add(m.version());
      LOG.info("event=migration_applied database={} version={} description=\"{}\"",
          db, m.version(), m.description());
    }
    LOG.info("event=migrations_checked database={} server={}.{} applied={} current={}",
        db, server.major(), server.minor(), ran.size(), all.get(all.size() - 1).version());
    return ran;
  }

  /** Runs a statement of the single-server schema, or its cluster form on every server. */
  private void run(ClusterSchema cluster, String statement) throws ClickHouseException {
    for (String s : cluster == null ? List.of(statement) : cluster.statements(statement)) {
      if (columnAddedAlready(s)) {
        continue;
      }
      try {
        http.execute(s);
      } catch (ClickHouseException e) {
        // Another process migrating at the same moment added it between our check and our statement.
        if (!columnAddedAlready(s)) {
          throw e;
        }
      }
    }
  }

  /**
   * Whether {@code statement} adds a column its table already has: 18.16 knows no
   * {@code ADD COLUMN IF NOT EXISTS}, a migration cut short is run again from its start, and two
   * processes may migrate at once. On a
   * cluster the server we talk to answers for all: it has run an {@code ON CLUSTER} statement
   * before it answers, and the others run it from the same queue in ZooKeeper.
   */
  private boolean columnAddedAlready(String statement) throws ClickHouseException {
    Matcher add = ADD_COLUMN.matcher(statement);
    if (!add.find()) {
      return false;
    }
    return !http.queryValue("SELECT count() FROM system.columns WHERE database = '" + add.group(1)
        + "' AND table = '" + add.group(2) + "' AND name = '" + add.group(3) + "'").equals("0");
  }

  /**
   * The cluster form of the schema when the config names a cluster, {@code null} for one server.
   * Whether the shards have replicas is asked of the server (its {@code remote_servers}), so the
   * tables are Replicated exactly when there is a replica to keep in step.
   */
  ClusterSchema clusterSchema() throws ClickHouseException {
    ClusterSchema known = clusterSchema;
    String cluster = http.config().cluster();
    if (known != null || cluster == null) {
      return known;
    }
    String[] shape = http.queryValue("SELECT count(), max(replica_num) FROM system.clusters WHERE cluster = '"
        + cluster + "'").split("\t");
    if (Long.parseLong(shape[0]) == 0) {
      throw new ClickHouseException("WAYMARK_CLICKHOUSE_CLUSTER is '" + cluster + "', but the server at "
          + http.config().url() + " has no such cluster in its remote_servers", 0, false, null);
    }
    known = new ClusterSchema(http.config().database(), cluster, Long.parseLong(shape[1]) > 1);
    clusterSchema = known;
    return known;
  }

  /** The server's version as the last {@link #migrate} found it, or {@code null} before one. */
  ServerVersion server() {
    return server;
  }

  /** The versions recorded as applied. */
  public Set<Integer> applied() throws ClickHouseException {
    return applied(http.config().database());
  }

  private Set<Integer> applied(String db) throws ClickHouseException {
    Set<Integer> versions = new HashSet<>();
    for (String line : http.execute("SELECT DISTINCT version FROM " + db
        + ".schema_migrations FORMAT TabSeparated").split("\n")) {
      if (!line.isBlank()) {
        versions.add(Integer.parseInt(line.trim()));
      }
    }
    return versions;
  }
}
