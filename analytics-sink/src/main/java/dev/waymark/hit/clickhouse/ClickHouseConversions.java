package dev.waymark.hit.clickhouse;

import dev.waymark.conversion.Conversion;
import dev.waymark.conversion.ConversionRecorder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.zip.GZIPOutputStream;

/**
 * Conversions in ClickHouse's {@code conversions} table, each row a copy of its hit's row (read as
 * TabSeparated and written back as it came, so no value changes on the way) plus the conversion.
 * Two retries racing each other's check may both insert a key; the table's ReplacingMergeTree key
 * merges them later and stats count each key once meanwhile. Values reach the server only as UUIDs
 * this class formats or in the TabSeparated body. Has an HTTP client of its own, so it never waits
 * behind the delivery thread's inserts. Safe to share between threads; calls block.
 */
public final class ClickHouseConversions extends ConversionRecorder<String> {

  private static final DateTimeFormatter DATE_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

  private final ClickHouseHttp http;
  private final String hits;
  private final String conversions;
  private final String insertSql;

  public ClickHouseConversions(ClickHouseConfig config, Clock clock, Supplier<Instant> pendingSince) {
    super(clock, pendingSince);
    this.http = new ClickHouseHttp(config);
    this.hits = config.database() + ".hits";
    this.conversions = config.database() + ".conversions";
    this.insertSql = "INSERT INTO " + conversions + " (" + String.join(", ", HitsSchema.CONVERSION_COLUMNS)
        + ") FORMAT TabSeparated";
  }

  /** Each found hit's row as a TabSeparated line of {@link HitsSchema#CONVERSION_HIT_COLUMNS}. */
  @Override
  protected Map<UUID, String> hits(Lookup lookup) throws ClickHouseException {
    Map<UUID, String> found = new HashMap<>();
    for (String line : lines(http.execute("SELECT " + String.join(", ", HitsSchema.CONVERSION_HIT_COLUMNS)
        + " FROM " + hits + " WHERE " + matching(lookup, lookup.clicks()) + " FORMAT TabSeparated"))) {
      // hit_id is the second column; a hit doubled by an 18.16 retry is still one hit.
      found.putIfAbsent(UUID.fromString(line.split("\t", 3)[1]), line);
    }
    return found;
  }

  @Override
  protected Set<Key> storeAbsent(Lookup lookup, List<Conversion> candidates, Map<UUID, String> rows,
      boolean write, Instant reportedAt) throws ClickHouseException {
    Set<Key> stored = new HashSet<>();
    for (String line : lines(http.execute("SELECT toString(hit_id), type, conversion_id FROM " + conversions
        + " WHERE " + matching(lookup, rows.keySet()) + " FORMAT TabSeparated"))) {
      String[] v = line.split("\t", -1);
      stored.add(new Key(UUID.fromString(v[0]), ClickHouseStats.unescape(v[1]), ClickHouseStats.unescape(v[2])));
    }
    if (write) {
      StringBuilder body = new StringBuilder();
      String reported = DATE_TIME.format(reportedAt);
      for (Conversion c : candidates) {
        if (!stored.contains(Key.of(c))) {
          body.append(rows.get(c.click())).append('\t').append(tsv(c.type())).append('\t').append(tsv(c.id()))
              .append('\t').append(c.valueMicros()).append('\t').append(c.currency() == null ? "" : c.currency())
              .append('\t').append(reported).append('\n');
        }
      }
      if (body.length() > 0) {
        http.insertGzip(insertSql, gzip(body.toString()));
      }
    }
    return stored;
  }

  /** The partitions the clicks' times allow, then the clicks; UUIDs are formatted here, never passed through. */
  private static String matching(Lookup lookup, Set<UUID> clicks) {
    StringJoiner ids = new StringJoiner(", ", "hit_id IN (", ")");
    clicks.forEach(id -> ids.add("'" + id + "'"));
    return "ts >= toDateTime(" + lookup.fromSeconds() + ", 'UTC') AND ts <= toDateTime(" + lookup.toSeconds()
        + ", 'UTC') AND " + ids;
  }

  private static List<String> lines(String body) {
    return body.lines().filter(line -> !line.isEmpty()).toList();
  }

  /** TabSeparated escaping; a conversion's texts hold no control characters, only backslashes need it. */
  private static String tsv(String text) {
    return text.replace("\\", "\\\\");
  }

  private static byte[] gzip(String text) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
      gzip.write(text.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e); // in memory: cannot happen
    }
    return bytes.toByteArray();
  }

  @Override
  public String kind() {
    return "clickhouse";
  }
}
