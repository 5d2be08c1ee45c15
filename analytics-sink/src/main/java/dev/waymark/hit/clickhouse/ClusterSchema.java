package dev.waymark.hit.clickhouse;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The cluster form of the schema, made from the single-server statements of {@link HitsSchema} and
 * {@link Migrations} by one rule, so a new migration needs no cluster form of its own:
 *
 * <ul>
 *   <li>every table and view {@code <db>.<name>} a statement creates or alters becomes
 *       {@code <db>.<name>_local} on every server ({@code ON CLUSTER}), and every table it names
 *       becomes the local one too, so a view on a shard reads that shard's local {@code hits} and
 *       writes that shard's local rollup;
 *   <li>on a cluster with replicas each MergeTree-family engine becomes its Replicated form
 *       (ZooKeeper path {@code /clickhouse/tables/{shard}/<db>/<name>_local}, replica
 *       {@code {replica}}: the servers' macros), and a deduplication window set on a table is
 *       the Replicated one; without replicas both stay as they are;
 *   <li>every table or view that stores rows gets a {@code Distributed} table under the contract
 *       name {@code <db>.<name>}, over the local ones of all shards, so analysts' SQL and the stats
 *       read the whole cluster unchanged; the tables the service writes through it name their
 *       sharding key ({@link #SHARDING_KEYS}); the others (rollups, written by their views on each
 *       shard) spread what a backfill inserts through it at random, since a sum or a merged state
 *       read through the Distributed table is the same whichever shard holds a row;
 *   <li>a view with {@code TO} stores nothing of its own: it gets no Distributed table;
 *   <li>a column added to a table is added to its {@code Distributed} table too, after the local ones;
 *   <li>{@code INSERT ... SELECT} (a backfill) runs through the Distributed tables, its
 *       {@code IN (SELECT ...)} made {@code GLOBAL} (a subquery over a Distributed table inside a
 *       distributed query is refused otherwise); a sampled hit goes, by the same key as
 *       {@code hits}, to the shard of its hit.
 * </ul>
 *
 * Any other statement has no cluster form and is refused here, so a migration of a new shape is
 * caught by {@code ClusterSchemaTest} before it reaches a server.
 */
final class ClusterSchema {

  /** Suffix of the per-server table behind each contract name. */
  static final String LOCAL = "_local";

  /**
   * The sharding key of each table written through its Distributed table. Hits (and the sample
   * drawn from them) by {@code batch_id}: a batch goes whole to one shard, so its check, fence and
   * repair ask one shard, and a server's insert deduplication sees every copy of it. Conversions by
   * {@code hit_id}: every report of a conversion lands on one shard, where ReplacingMergeTree merges
   * repeats.
   */
  static final Map<String, String> SHARDING_KEYS = Map.of(
      "hits", "cityHash64(toString(batch_id))",
      "hits_sample", "cityHash64(toString(batch_id))",
      "conversions", "cityHash64(toString(hit_id))",
      "schema_migrations", "version");

  private static final String NAME = "([A-Za-z_][A-Za-z0-9_]*)";
  private static final Pattern CREATE_DATABASE = Pattern.compile("CREATE DATABASE IF NOT EXISTS " + NAME);
  private static final Pattern CREATE = Pattern.compile(
      "(CREATE (?:TABLE|MATERIALIZED VIEW) IF NOT EXISTS )" + NAME + "\\." + NAME + "\\b(.*)", Pattern.DOTALL);
  private static final Pattern ALTER = Pattern.compile("(ALTER TABLE )" + NAME + "\\." + NAME + "\\b(.*)", Pattern.DOTALL);
  private static final Pattern ENGINE = Pattern.compile("ENGINE = (\\w*)MergeTree\\(([^)]*)\\)");
  private static final Pattern STORES_ROWS = Pattern.compile("^\\s*(\\(|AS |ENGINE = )");
  private static final Pattern ADD_COLUMN = Pattern.compile("^ ADD COLUMN ");
  private static final Pattern IN_SUBQUERY = Pattern.compile("\\b((?:NOT )?IN \\(SELECT )");

  private final String db;
  private final String cluster;
  private final boolean replicated;
  private final Pattern tableOfDb;

  /**
   * @param replicated whether the cluster's shards have more than one replica each
   */
  ClusterSchema(String db, String cluster, boolean replicated) {
    this.db = db;
    this.cluster = cluster;
    this.replicated = replicated;
    this.tableOfDb = Pattern.compile("\\b" + Pattern.quote(db) + "\\." + NAME + "\\b");
  }

  /** The statements that do on the cluster what {@code statement} does on one server. */
  List<String> statements(String statement) {
    if (CREATE_DATABASE.matcher(statement).matches()) {
      return List.of(statement + onCluster());
    }
    Matcher create = CREATE.matcher(statement);
    if (create.matches() && create.group(2).equals(db)) {
      String name = create.group(3);
      String rest = create.group(4);
      boolean feedsAnother = rest.startsWith(" TO ");
      if (!feedsAnother && !STORES_ROWS.matcher(rest).find()) {
        throw new IllegalArgumentException("no cluster form for: " + statement);
      }
      List<String> out = new ArrayList<>(2);
      out.add(create.group(1) + db + "." + name + LOCAL + onCluster() + replicatedEngines(locals(rest), name));
      if (!feedsAnother) {
        out.add("CREATE TABLE IF NOT EXISTS " + db + "." + name + onCluster() + " AS " + db + "." + name + LOCAL
            + " ENGINE = Distributed(" + cluster + ", " + db + ", " + name + LOCAL + ", "
            + SHARDING_KEYS.getOrDefault(name, "rand()") + ")");
      }
      return out;
    }
    Matcher alter = ALTER.matcher(statement);
    if (alter.matches() && alter.group(2).equals(db)) {
      String rest = locals(alter.group(4));
      if (replicated) {
        // A Replicated table keeps its insert deduplication window under the other name.
        rest = rest.replace("non_replicated_deduplication_window", "replicated_deduplication_window");
      }
      String local = alter.group(1) + db + "." + alter.group(3) + LOCAL + onCluster() + rest;
      if (ADD_COLUMN.matcher(alter.group(4)).find()) {
        // The Distributed table has columns of its own: without the new one it neither takes it
        // in an insert nor shows it to a read. It follows the local ones, which then can store it.
        return List.of(local, alter.group(1) + db + "." + alter.group(3) + onCluster() + alter.group(4));
      }
      return List.of(local);
    }
    if (statement.startsWith("INSERT INTO " + db + ".") && statement.contains(" SELECT ")) {
      return List.of(IN_SUBQUERY.matcher(statement).replaceAll("GLOBAL $1"));
    }
    throw new IllegalArgumentException("no cluster form for: " + statement);
  }

  /** Whether the tables are Replicated: the cluster has more than one replica a shard. */
  boolean replicated() {
    return replicated;
  }

  /** The statements of a migration in their cluster form, in order. */
  List<String> statements(List<String> statements) {
    List<String> out = new ArrayList<>();
    statements.forEach(s -> out.addAll(statements(s)));
    return List.copyOf(out);
  }

  private String onCluster() {
    return " ON CLUSTER " + cluster;
  }

  private String locals(String sql) {
    return tableOfDb.matcher(sql).replaceAll(Matcher.quoteReplacement(db) + ".$1" + LOCAL);
  }

  private String replicatedEngines(String sql, String name) {
    if (!replicated) {
      return sql;
    }
    Matcher engine = ENGINE.matcher(sql);
    StringBuilder out = new StringBuilder();
    while (engine.find()) {
      String path = "'/clickhouse/tables/{shard}/" + db + "/" + name + LOCAL + "', '{replica}'";
      String args = engine.group(2).isBlank() ? "" : ", " + engine.group(2);
      engine.appendReplacement(out, Matcher.quoteReplacement(
          "ENGINE = Replicated" + engine.group(1) + "MergeTree(" + path + args + ")"));
    }
    engine.appendTail(out);
    return out.toString();
  }
}
