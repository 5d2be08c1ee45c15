package dev.waymark.hit.clickhouse;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings a ClickHouse database up to the current schema: creates the database and
 * {@code schema_migrations}, then runs every migration not recorded there, in version order.
 * Safe to run at every start-up, from several processes at once, and after a crash mid-way,
 * because every statement is idempotent and a version is recorded only after its statements ran.
 */
public final class Migrations {

  private static final Logger LOG = LoggerFactory.getLogger(Migrations.class);

  private final ClickHouseHttp http;
  private final Clock clock;
  private volatile ServerVersion server;

  public Migrations(ClickHouseHttp http, Clock clock) {
    this.http = http;
    this.clock = clock;
  }

  /** Runs what is missing and returns the versions it applied (empty when up to date). */
  public List<Integer> migrate() throws ClickHouseException {
    String db = http.config().database();
    ServerVersion server = ServerVersion.parse(http.queryValue("SELECT version()"));
    this.server = server;
    http.execute("CREATE DATABASE IF NOT EXISTS " + db);
    http.execute("CREATE TABLE IF NOT EXISTS " + db + ".schema_migrations ("
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
        http.execute(statement);
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
