package dev.waymark.hit.sink;

import dev.waymark.hit.clickhouse.ClickHouseConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings of the analytics sink, validated on construction with messages that name the setting.
 *
 * @param clickHouse where hits go; {@code null} when they go to the embedded DuckDB store
 * @param spoolDir the spool's directory; {@code null} = {@code <dataDir>/spool}
 * @param spoolBudgetBytes disk the spool may use; only past it are hits dropped (and counted)
 * @param spoolSegmentBytes size at which the spool starts a new segment file
 * @param fsync when spooled batches are forced to disk
 * @param batchSize most rows in one batch (one insert)
 * @param flushInterval longest a batch stays open before it is handed to delivery
 * @param userAgentCacheSize distinct user agents whose classification is kept
 * @param maxBackoff longest wait between retries while ClickHouse is down
 * @param geoIpDb a MaxMind-format country database ({@code WAYMARK_GEOIP_DB}) that fills
 *     {@code country} where no trusted header did; {@code null} = none
 */
public record AnalyticsSinkConfig(
    ClickHouseConfig clickHouse,
    Path spoolDir,
    long spoolBudgetBytes,
    long spoolSegmentBytes,
    SpoolFsync fsync,
    int batchSize,
    Duration flushInterval,
    int userAgentCacheSize,
    Duration maxBackoff,
    Path geoIpDb) {

  /** Without a country database: the shape before it existed. */
  public AnalyticsSinkConfig(ClickHouseConfig clickHouse, Path spoolDir, long spoolBudgetBytes,
      long spoolSegmentBytes, SpoolFsync fsync, int batchSize, Duration flushInterval,
      int userAgentCacheSize, Duration maxBackoff) {
    this(clickHouse, spoolDir, spoolBudgetBytes, spoolSegmentBytes, fsync, batchSize, flushInterval,
        userAgentCacheSize, maxBackoff, null);
  }

  public AnalyticsSinkConfig {
    Objects.requireNonNull(fsync, "fsync");
    if (spoolSegmentBytes < 1024 || spoolBudgetBytes < spoolSegmentBytes) {
      throw new IllegalArgumentException("spool segment must be >= 1 KiB and the spool budget >= one segment");
    }
    if (batchSize < 1 || flushInterval.isNegative() || flushInterval.isZero()) {
      throw new IllegalArgumentException("batch size >= 1 and flush interval > 0");
    }
    if (userAgentCacheSize < 0 || maxBackoff.isNegative()) {
      throw new IllegalArgumentException("user agent cache size >= 0 and max backoff >= 0");
    }
  }

  /**
   * Defaults sized for one redirector: batches of up to 500,000 rows or one second, 1 GiB spool,
   * 64 MiB segments, fsync each second. The age, not the size, should end a batch: ClickHouse
   * spends most of its CPU merging the parts that inserts make, so fewer, bigger inserts are what
   * lets it keep up (into 18.16 on two cores: 100,000-row caps gave 184–219k rows/s, 500,000
   * 273–289k). A full batch is about 20 MB of compressed rows.
   */
  public static AnalyticsSinkConfig defaults(ClickHouseConfig clickHouse) {
    return new AnalyticsSinkConfig(clickHouse, null, 1L << 30, 64L << 20, SpoolFsync.EVERY_SECOND,
        500_000, Duration.ofSeconds(1), 50_000, Duration.ofSeconds(30));
  }

  /**
   * The spool within {@code budgetBytes} in sixteen segments, so that delivered ones free space in
   * steps (64 MiB at the default 1 GiB, never under 1 MiB), in the default directory.
   */
  public AnalyticsSinkConfig withSpoolBudget(long budgetBytes, SpoolFsync fsync) {
    long segmentBytes = Math.max(1L << 20, Math.min(64L << 20, budgetBytes / 16));
    return withSpool(null, budgetBytes, segmentBytes, fsync);
  }

  public AnalyticsSinkConfig withSpool(Path dir, long budgetBytes, long segmentBytes, SpoolFsync fsync) {
    return new AnalyticsSinkConfig(clickHouse, dir, budgetBytes, segmentBytes, fsync, batchSize,
        flushInterval, userAgentCacheSize, maxBackoff, geoIpDb);
  }

  public AnalyticsSinkConfig withBatches(int size, Duration interval) {
    return new AnalyticsSinkConfig(clickHouse, spoolDir, spoolBudgetBytes, spoolSegmentBytes, fsync,
        size, interval, userAgentCacheSize, maxBackoff, geoIpDb);
  }

  public AnalyticsSinkConfig withMaxBackoff(Duration backoff) {
    return new AnalyticsSinkConfig(clickHouse, spoolDir, spoolBudgetBytes, spoolSegmentBytes, fsync,
        batchSize, flushInterval, userAgentCacheSize, backoff, geoIpDb);
  }

  /** With the country database at {@code mmdb} ({@code null}: none). */
  public AnalyticsSinkConfig withGeoIpDb(Path mmdb) {
    return new AnalyticsSinkConfig(clickHouse, spoolDir, spoolBudgetBytes, spoolSegmentBytes, fsync,
        batchSize, flushInterval, userAgentCacheSize, maxBackoff, mmdb);
  }
}
