package dev.waymark.hit.duckdb;

import dev.waymark.conversion.Conversion;
import dev.waymark.conversion.ConversionRecorder;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Conversions in the embedded DuckDB file's {@code conversions} table, each row copied from its
 * hit's row inside the database. The check and the insert run in one transaction under the
 * {@link DuckDbStore}'s lock, so they never interleave with a batch delivery or with another call,
 * and the table's primary key ignores whatever repeats a stored key. Every value is a bound
 * parameter. Safe to share between threads; calls block.
 */
public final class DuckDbConversions extends ConversionRecorder<Long> {

  private final DuckDbStore store;

  public DuckDbConversions(DuckDbStore store, Clock clock, Supplier<Instant> pendingSince) {
    super(clock, pendingSince);
    this.store = store;
  }

  /** Each found hit's {@code ts}; the lookup reads a snapshot of its own, without the store's lock. */
  @Override
  protected Map<UUID, Long> hits(Lookup lookup) throws SQLException {
    Map<UUID, Long> found = new HashMap<>();
    try (Connection c = store.newReadConnection();
         PreparedStatement ps = c.prepareStatement("SELECT hit_id, CAST(epoch(ts) AS BIGINT) FROM hits WHERE "
             + matching(lookup.clicks().size()))) {
      bind(ps, lookup, lookup.clicks());
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          found.put(UUID.fromString(rs.getString(1)), rs.getLong(2));
        }
      }
    }
    return found;
  }

  @Override
  protected Set<Key> storeAbsent(Lookup lookup, List<Conversion> candidates, Map<UUID, Long> hits,
      boolean write, Instant reportedAt) throws SQLException {
    return store.inTransaction(connection -> {
      Set<Key> stored = new HashSet<>();
      try (PreparedStatement ps = connection.prepareStatement(
          "SELECT hit_id, type, conversion_id FROM conversions WHERE " + matching(hits.size()))) {
        bind(ps, lookup, hits.keySet());
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            stored.add(new Key(UUID.fromString(rs.getString(1)), rs.getString(2), rs.getString(3)));
          }
        }
      }
      List<Conversion> fresh = candidates.stream().filter(c -> !stored.contains(Key.of(c))).toList();
      if (write && !fresh.isEmpty()) {
        insert(connection, fresh, hits, reportedAt);
      }
      return stored;
    });
  }

  /**
   * One statement: the hits' rows joined with the new conversions, the delivery columns left out;
   * the scan of {@code hits} is held to the times of exactly these hits.
   */
  private static void insert(Connection connection, List<Conversion> fresh, Map<UUID, Long> hits,
      Instant reportedAt) throws SQLException {
    long first = Long.MAX_VALUE;
    long last = Long.MIN_VALUE;
    for (Conversion c : fresh) {
      first = Math.min(first, hits.get(c.click()));
      last = Math.max(last, hits.get(c.click()));
    }
    StringJoiner values = new StringJoiner(", ");
    for (int i = 0; i < fresh.size(); i++) {
      values.add("(CAST(? AS UUID), CAST(? AS VARCHAR), CAST(? AS VARCHAR), CAST(? AS BIGINT), CAST(? AS VARCHAR))");
    }
    try (PreparedStatement ps = connection.prepareStatement("INSERT OR IGNORE INTO conversions BY NAME"
        + " SELECT h.* EXCLUDE (batch_id, received_at), c.type, c.conversion_id, c.value_micros, c.currency,"
        + " make_timestamp(CAST(? AS BIGINT)) AS reported_at"
        + " FROM hits AS h INNER JOIN (VALUES " + values + ") AS c(click, type, conversion_id, value_micros, currency)"
        + " ON h.hit_id = c.click"
        + " WHERE h.ts BETWEEN make_timestamp(CAST(? AS BIGINT)) AND make_timestamp(CAST(? AS BIGINT))")) {
      int p = 1;
      ps.setLong(p++, reportedAt.getEpochSecond() * 1_000_000L);
      for (Conversion c : fresh) {
        ps.setObject(p++, c.click());
        ps.setString(p++, c.type());
        ps.setString(p++, c.id());
        ps.setLong(p++, c.valueMicros());
        ps.setString(p++, c.currency() == null ? "" : c.currency());
      }
      ps.setLong(p++, first * 1_000_000L);
      ps.setLong(p, last * 1_000_000L);
      ps.executeUpdate();
    }
  }

  /** The lookup's {@code ts} range (two parameters), then {@code clicks} of its ids (one each). */
  private static String matching(int clicks) {
    StringJoiner ids = new StringJoiner(", ", "hit_id IN (", ")");
    for (int i = 0; i < clicks; i++) {
      ids.add("CAST(? AS UUID)");
    }
    return "ts BETWEEN make_timestamp(CAST(? AS BIGINT)) AND make_timestamp(CAST(? AS BIGINT)) AND " + ids;
  }

  private static void bind(PreparedStatement ps, Lookup lookup, Collection<UUID> clicks) throws SQLException {
    int p = 1;
    ps.setLong(p++, lookup.fromSeconds() * 1_000_000L);
    ps.setLong(p++, lookup.toSeconds() * 1_000_000L);
    for (UUID id : clicks) {
      ps.setObject(p++, id);
    }
  }

  @Override
  public String kind() {
    return "duckdb";
  }
}
