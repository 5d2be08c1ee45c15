package dev.waymark.hit.clickhouse;

import dev.waymark.stats.DailyCounts;
import dev.waymark.stats.ExportSink;
import dev.waymark.stats.SqlDialect;
import dev.waymark.stats.SqlStatsStore;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Stats from ClickHouse's raw {@code hits} with the semantics of {@link SqlStatsStore}, read over
 * the HTTP interface as {@code TabSeparated} with an HTTP client of its own, so a slow question
 * never queues behind (or ahead of) the delivery thread's inserts. Safe to share between threads.
 *
 * <p>Not through clickhouse-jdbc 0.11.0: its ResultSets ask for RowBinaryWithNamesAndTypes, which
 * 18.16 refuses ("Unknown format"); a SELECT 1 through the driver fails with "Failed to read
 * header" (checked against the local 18.16.1, 2026-12-07).
 */
public final class ClickHouseStats extends SqlStatsStore {

  /**
   * How long the server may work on one statement of a question: the admin API answers 504 after
   * 30 s ({@code StatsQueries.TIMEOUT} in the redirector), and a server that went on working for
   * nobody would slow the next questions down. Exports are not limited: they last as long as the
   * client reads, and closing the body ends them.
   */
  static final Duration MAX_EXECUTION_TIME = Duration.ofSeconds(30);

  private final ClickHouseHttp http;
  private final String hits;
  private final String sample;
  private final String conversions;
  private final Map<String, String> settings;
  private final String counts;
  /** Once known it never changes: a migration that runs again only adds a later day, never used. */
  private volatile DailyCounts dailyCounts;

  /** Visitors are sampled above {@link SqlStatsStore#EXACT_VISITORS} (see {@link SqlStatsStore}). */
  public ClickHouseStats(ClickHouseConfig config) {
    this(config, EXACT_VISITORS);
  }

  /**
   * With another sampling limit: tests take the sampled path on a few hits, and
   * {@code Long.MAX_VALUE} counts every visitor exactly, as a benchmark's yardstick.
   */
  public ClickHouseStats(ClickHouseConfig config, long exactVisitors) {
    super(SqlDialect.CLICKHOUSE, exactVisitors);
    this.http = new ClickHouseHttp(config);
    this.hits = config.database() + ".hits";
    this.sample = config.database() + ".hits_sample";
    this.conversions = config.database() + ".conversions";
    this.counts = config.database() + ".hits_counts";
    this.settings = Map.of("max_execution_time", String.valueOf(MAX_EXECUTION_TIME.toSeconds()));
  }

  @Override
  protected String hits() {
    return hits;
  }

  @Override
  protected String sample() {
    return sample;
  }

  /**
   * {@code hits_counts} from the day {@code hits_counts_since} names (migration 7); {@code null}
   * while that is not recorded yet, asked again on the next question.
   */
  @Override
  protected DailyCounts dailyCounts() throws ClickHouseException {
    DailyCounts known = dailyCounts;
    if (known == null) {
      List<String> since = select("SELECT count(), toUInt16(max(since)) FROM " + counts + "_since").get(0);
      if (Long.parseLong(since.get(0)) > 0) {
        known = dailyCounts = new DailyCounts(counts, Long.parseLong(since.get(1)));
      }
    }
    return known;
  }

  @Override
  protected String conversions() {
    return conversions;
  }

  @Override
  protected List<List<String>> select(String query) throws ClickHouseException {
    String body;
    try (InputStream answer = http.read(query + " FORMAT TabSeparated", settings)) {
      body = new String(answer.readAllBytes(), StandardCharsets.UTF_8);
    } catch (ClickHouseException e) {
      throw e;
    } catch (java.io.IOException e) {
      throw new ClickHouseException("reading an answer from " + http.config().url() + " broke: " + e, 0, false, e);
    }
    List<List<String>> rows = new ArrayList<>();
    for (String line : body.split("\n", -1)) {
      if (line.isEmpty()) {
        continue; // the body ends with a newline; no stats row is a single empty value
      }
      rows.add(Arrays.stream(line.split("\t", -1)).map(ClickHouseStats::unescape).toList());
    }
    return rows;
  }

  /**
   * Reads the TabSeparated answer line by line through a small buffer (escaped values hold no
   * raw line break); stopping early closes the body, which drops the connection and so ends the
   * query on the server.
   */
  @Override
  protected void selectEach(String query, ExportSink rows) throws Exception {
    try (Reader body = new InputStreamReader(http.read(query + " FORMAT TabSeparated", Map.of()), StandardCharsets.UTF_8)) {
      char[] buffer = new char[8192];
      StringBuilder line = new StringBuilder(512);
      int n;
      while ((n = body.read(buffer)) > 0) {
        for (int i = 0; i < n; i++) {
          char c = buffer[i];
          if (c != '\n') {
            line.append(c);
            continue;
          }
          List<String> row = Arrays.stream(line.toString().split("\t", -1)).map(ClickHouseStats::unescape).toList();
          line.setLength(0);
          if (!rows.accept(row)) {
            return;
          }
        }
      }
      if (line.length() > 0) {
        // Every row ends with a line break: a tail without one is a cut answer or an error text.
        throw new ClickHouseException("answer ended inside a row: " + line.substring(0, Math.min(300, line.length())),
            0, false, null);
      }
    }
  }

  /** A TabSeparated value as text: {@code \N} is NULL, backslash sequences are undone. */
  static String unescape(String value) {
    if ("\\N".equals(value)) {
      return null;
    }
    if (value.indexOf('\\') < 0) {
      return value;
    }
    StringBuilder text = new StringBuilder(value.length());
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c != '\\' || i + 1 == value.length()) {
        text.append(c);
        continue;
      }
      char e = value.charAt(++i);
      text.append(switch (e) {
        case 'b' -> '\b';
        case 'f' -> '\f';
        case 'r' -> '\r';
        case 'n' -> '\n';
        case 't' -> '\t';
        case '0' -> '\0';
        default -> e; // \\, \' and any other escaped character stand for themselves
      });
    }
    return text.toString();
  }

  @Override
  public String kind() {
    return "clickhouse";
  }
}
