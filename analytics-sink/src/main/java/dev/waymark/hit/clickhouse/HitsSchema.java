package dev.waymark.hit.clickhouse;

import dev.waymark.hit.Device;
import dev.waymark.hit.EncodedBatch;
import dev.waymark.hit.Traffic;
import dev.waymark.journey.Stage;
import dev.waymark.stats.SqlStatsStore;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The analysts' contract in SQL: the {@code hits} table, its rollup views and {@code conversions}
 * exactly as docs/analytics.md lists them (their place in the flow: ARCHITECTURE.md at the repository root),
 * written in the dialect both ClickHouse 18.16 and current servers accept (explicit Enum values,
 * no TTL, no codecs, LowCardinality only where it is stable).
 */
final class HitsSchema {

  /**
   * The columns {@code hits} was created with (migration 1), in order, and the layout of a batch
   * of {@link EncodedBatch#FORMAT_BEFORE_RULE}. Never changes: later columns are added by later
   * migrations, after these.
   */
  static final List<String> COLUMNS_BEFORE_RULE = List.of(
      "ts", "hit_id", "batch_id", "code", "link_code", "touchpoint_code", "campaign", "channel",
      "stage", "source", "is_qr", "variant", "status", "device", "os", "os_version", "browser",
      "browser_version", "traffic", "bot_name", "country", "referrer_host", "utm_source",
      "utm_medium", "utm_campaign", "utm_term", "utm_content", "language", "visitor",
      "visitor_month", "received_at");

  /** Column order of {@code hits}; the RowBinary encoder writes fields in exactly this order. */
  static final List<String> COLUMNS = Stream.concat(COLUMNS_BEFORE_RULE.stream(), Stream.of("rule")).toList();

  /** The columns a conversion copies from its hit: all but the delivery ones. */
  static final List<String> CONVERSION_HIT_COLUMNS = COLUMNS.stream()
      .filter(c -> !c.equals("batch_id") && !c.equals("received_at")).toList();

  /** The columns of a conversion of its own, after its hit's. */
  private static final List<String> CONVERSION_OWN_COLUMNS =
      List.of("type", "conversion_id", "value_micros", "currency", "reported_at");

  /** Column order of a {@code conversions} insert: its hit's, then its own. */
  static final List<String> CONVERSION_COLUMNS = Stream.concat(CONVERSION_HIT_COLUMNS.stream(),
      CONVERSION_OWN_COLUMNS.stream()).toList();

  /** Column order of the stored {@code conversions}: as migration 5 made it, then {@code rule}. */
  static final List<String> CONVERSION_STORED_COLUMNS = Stream.of(
      COLUMNS_BEFORE_RULE.stream().filter(c -> !c.equals("batch_id") && !c.equals("received_at")),
      CONVERSION_OWN_COLUMNS.stream(), Stream.of("rule")).flatMap(c -> c).toList();

  /**
   * Insert blocks whose tokens a current server remembers for {@code hits}: a late copy of a batch
   * is dropped (with its rollup rows) while fewer blocks than this went in after it: at 20
   * batches a second about eight minutes, far past the delay of any retry of a live writer.
   */
  static final int DEDUPLICATION_WINDOW = 10_000;

  private HitsSchema() {}

  static List<Migration> migrations(String db, ServerVersion server) {
    String lowCardinality = server.hasStableLowCardinality() ? "LowCardinality(String)" : "String";
    List<Migration> all = new ArrayList<>(List.of(
        new Migration(1, "hits table", List.of(hitsTable(db, lowCardinality))),
        new Migration(2, "hits_daily rollup", List.of(dailyView(db))),
        new Migration(3, "hits_hourly rollup", List.of(hourlyView(db)))));
    // Left out, not recorded, on older servers: it runs on the first start after an upgrade.
    if (server.hasInsertDeduplicationToken()) {
      all.add(new Migration(4, "hits insert deduplication window", List.of(
          "ALTER TABLE " + db + ".hits MODIFY SETTING non_replicated_deduplication_window = "
              + DEDUPLICATION_WINDOW)));
    }
    all.add(new Migration(5, "conversions table", List.of(conversionsTable(db, lowCardinality))));
    all.add(new Migration(6, "hits_sample: the hits of 1 in 16 visitors", sampleTable(db)));
    all.add(new Migration(7, "hits_counts: hits per day of the filter columns", countsTable(db, lowCardinality)));
    all.add(new Migration(8, "rule: the journey rule that decided a hit", ruleColumn(db)));
    return List.copyOf(all);
  }

  /** The insert of RowBinary rows into {@code table} (qualified): {@code hits} or a copy of it. */
  static String insertSql(String table) {
    return insertSql(table, EncodedBatch.FORMAT);
  }

  /** As {@link #insertSql(String)} for a body of the given {@link EncodedBatch#format}. */
  static String insertSql(String table, int format) {
    List<String> columns = format == EncodedBatch.FORMAT_BEFORE_RULE ? COLUMNS_BEFORE_RULE : COLUMNS;
    return "INSERT INTO " + table + " (" + String.join(", ", columns) + ") FORMAT RowBinary";
  }

  /**
   * {@code rule} on the hits and on what copies them. Appended (ADD COLUMN has no IF NOT EXISTS on
   * 18.16: {@code Migrations} skips an added column a table already has). {@code hits_sample} is
   * fed by {@code SELECT *} of {@code hits}, matched by name, so while one of the two has the
   * column and the other not, 18.16 refuses inserts into {@code hits} (after storing them: the
   * writer's check before a re-send finds them). The sample goes first: newer servers fill a
   * column the feed lacks with its default, so there the window costs nothing.
   */
  private static List<String> ruleColumn(String db) {
    String add = " ADD COLUMN rule String DEFAULT ''";
    return List.of(
        "ALTER TABLE " + db + ".hits_sample" + add,
        "ALTER TABLE " + db + ".hits" + add,
        "ALTER TABLE " + db + ".conversions" + add);
  }

  private static String hitsTable(String db, String lowCardinality) {
    return "CREATE TABLE IF NOT EXISTS " + db + ".hits (\n"
        + columns(COLUMNS_BEFORE_RULE, lowCardinality) + "\n"
        + ") ENGINE = MergeTree() PARTITION BY toYYYYMM(ts)"
        + " ORDER BY (campaign, toDate(ts), link_code, touchpoint_code, ts)";
  }

  /**
   * Rows that repeat a key (a retry that raced its own check) are merged away in the background;
   * until then stats count each key once by grouping on it.
   */
  private static String conversionsTable(String db, String lowCardinality) {
    return "CREATE TABLE IF NOT EXISTS " + db + ".conversions (\n"
        + columns(CONVERSION_STORED_COLUMNS.subList(0, CONVERSION_STORED_COLUMNS.size() - 1), lowCardinality) + "\n"
        + ") ENGINE = ReplacingMergeTree() PARTITION BY toYYYYMM(ts) ORDER BY (hit_id, type, conversion_id)";
  }

  private static String columns(List<String> names, String lowCardinality) {
    return names.stream().map(n -> "  " + n + " " + type(n, lowCardinality)).collect(Collectors.joining(",\n"));
  }

  private static String type(String column, String lowCardinality) {
    return switch (column) {
      case "ts", "received_at", "reported_at" -> "DateTime('UTC')";
      case "hit_id", "batch_id" -> "UUID";
      case "campaign", "channel" -> lowCardinality;
      case "stage" -> enum8(Stream.of(Stage.values()).map(Stage::wireName));
      case "device" -> enum8(Stream.of(Device.values()).map(Device::wireName));
      case "traffic" -> enum8(Stream.of(Traffic.values()).map(Traffic::wireName));
      case "is_qr" -> "UInt8";
      case "status" -> "UInt16";
      case "visitor", "visitor_month" -> "UInt64";
      case "value_micros" -> "Int64";
      default -> "String";
    };
  }

  /**
   * The hits of the visitors with {@code visitor_month % 16 = 0}, kept apart by a view so the stats
   * of questions with over a million visitors read a sixteenth of the rows
   * ({@code SqlStatsStore.SAMPLE_TABLE_K}). The hits stored before it existed are copied in after
   * the view is made, those the view already took left out, so a rerun after a crash copies
   * nothing twice.
   */
  private static List<String> sampleTable(String db) {
    String k = Integer.toString(SqlStatsStore.SAMPLE_TABLE_K);
    return List.of(
        "CREATE TABLE IF NOT EXISTS " + db + ".hits_sample AS " + db + ".hits ENGINE = MergeTree()"
            + " PARTITION BY toYYYYMM(ts) ORDER BY (campaign, toDate(ts), link_code, touchpoint_code, ts)",
        "CREATE MATERIALIZED VIEW IF NOT EXISTS " + db + ".hits_sample_feed TO " + db + ".hits_sample"
            + " AS SELECT * FROM " + db + ".hits WHERE visitor_month % " + k + " = 0",
        "INSERT INTO " + db + ".hits_sample SELECT * FROM " + db + ".hits WHERE visitor_month % " + k + " = 0"
            + " AND hit_id NOT IN (SELECT hit_id FROM " + db + ".hits_sample)");
  }

  /**
   * Hits per UTC day of every value the stats filter on, plus the dimensions a breakdown groups
   * by most: a few rows per touchpoint and day, so a question over months counts its hits in a
   * tenth of the rows of {@code hits} ({@code ClickHouseStats} reads it for whole days). Hits
   * stored before the view existed are not in it: {@code hits_counts_since} names the first day it
   * holds all of, the day after the migration, or the epoch when {@code hits} was empty then (a
   * new database). Read after the view is made, so a hit it missed falls on a day before that.
   */
  private static List<String> countsTable(String db, String lowCardinality) {
    String keys = "campaign, day, link_code, touchpoint_code, channel, stage, source, is_qr, traffic";
    String stage = enum8(Stream.of(Stage.values()).map(Stage::wireName));
    String traffic = enum8(Stream.of(Traffic.values()).map(Traffic::wireName));
    return List.of(
        "CREATE TABLE IF NOT EXISTS " + db + ".hits_counts (day Date, campaign " + lowCardinality
            + ", link_code String, touchpoint_code String, channel " + lowCardinality + ", stage " + stage + ", source String, is_qr UInt8,"
            + " traffic " + traffic + ", hits UInt64)"
            + " ENGINE = SummingMergeTree() PARTITION BY toYYYYMM(day) ORDER BY (" + keys + ")",
        "CREATE MATERIALIZED VIEW IF NOT EXISTS " + db + ".hits_counts_feed TO " + db + ".hits_counts"
            + " AS SELECT toDate(ts) AS day, campaign, link_code, touchpoint_code, channel, stage, source,"
            + " is_qr, traffic, count() AS hits FROM " + db + ".hits GROUP BY " + keys,
        "CREATE TABLE IF NOT EXISTS " + db + ".hits_counts_since (since Date) ENGINE = TinyLog",
        // A rerun after a crash adds a later day; readers take the latest, which is always safe.
        "INSERT INTO " + db + ".hits_counts_since SELECT if(count() = 0, toDate('1970-01-01'), toDate(now(), 'UTC') + 1)"
            + " FROM " + db + ".hits");
  }

  private static String dailyView(String db) {
    String keys = "day, campaign, link_code, touchpoint_code, channel, stage, source, device, traffic";
    return "CREATE MATERIALIZED VIEW IF NOT EXISTS " + db + ".hits_daily"
        + " ENGINE = AggregatingMergeTree() PARTITION BY toYYYYMM(day) ORDER BY (" + keys + ")"
        + " AS SELECT toDate(ts) AS day, campaign, link_code, touchpoint_code, channel, stage,"
        + " source, device, traffic, countState() AS hits, uniqState(visitor) AS visitors"
        + " FROM " + db + ".hits GROUP BY " + keys;
  }

  private static String hourlyView(String db) {
    String keys = "hour, campaign, link_code, touchpoint_code, channel, traffic, is_qr";
    return "CREATE MATERIALIZED VIEW IF NOT EXISTS " + db + ".hits_hourly"
        + " ENGINE = SummingMergeTree() PARTITION BY toYYYYMM(hour) ORDER BY (" + keys + ")"
        + " AS SELECT toStartOfHour(ts) AS hour, campaign, link_code, touchpoint_code, channel,"
        + " traffic, is_qr, count() AS hits"
        + " FROM " + db + ".hits GROUP BY " + keys;
  }

  /** Explicit values from 0 in declaration order: 18.16 cannot number Enum values itself. */
  private static String enum8(Stream<String> names) {
    List<String> list = names.collect(Collectors.toList());
    StringBuilder sb = new StringBuilder("Enum8(");
    for (int i = 0; i < list.size(); i++) {
      sb.append(i == 0 ? "" : ", ").append('\'').append(list.get(i)).append("' = ").append(i);
    }
    return sb.append(')').toString();
  }
}
