package dev.waymark.compat;

import static java.util.concurrent.TimeUnit.SECONDS;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.waymark.config.WaymarkConfig;
import dev.waymark.link.CachedLink;
import dev.waymark.link.LinkCache;
import dev.waymark.link.LinkQuery;
import dev.waymark.link.LinkStore;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import io.vertx.core.Future;
import java.lang.reflect.RecordComponent;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What the compatibility fixtures hold and how a store's contents are described, shared by the
 * generator that wrote them and the tests that read them with newer code.
 */
final class StoredFixtures {

  static final Path DIR = Paths.get("src/test/resources/compat");
  /** The instant the redirect path's liveness is judged at, recorded and compared. */
  static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
  static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
      .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);
  /** Every code in the fixtures, plus one that is not stored. */
  static final List<String> CODES = List.of("spring1", "perm301", "tmp307", "gone308", "loyal", "tpQr001",
      "tpUrl02", "tpNfc03", "tpBare4", "tpPerm5", "nosuch");
  static final Map<String, LinkQuery> LISTS = lists();

  private StoredFixtures() {}

  private static Map<String, LinkQuery> lists() {
    Map<String, LinkQuery> lists = new LinkedHashMap<>();
    lists.put("all", new LinkQuery(null, null, null, 100));
    lists.put("campaign=spring", new LinkQuery("spring", null, null, 100));
    lists.put("tag=red", new LinkQuery(null, "red", null, 100));
    lists.put("touchpoints of spring1", LinkQuery.touchpointsOf("spring1", null, 100));
    lists.put("touchpoints of perm301", LinkQuery.touchpointsOf("perm301", null, 100));
    lists.put("all, page of 2", new LinkQuery(null, null, null, 2));
    return lists;
  }

  static JsonNode tree(Object value) {
    return JSON.valueToTree(value);
  }

  /** A stored record's components by name, instants and enums as text, unset ones as null. */
  static Map<String, Object> fields(Record stored) {
    Map<String, Object> fields = new LinkedHashMap<>();
    for (RecordComponent c : stored.getClass().getRecordComponents()) {
      try {
        Object value = c.getAccessor().invoke(stored);
        fields.put(c.getName(), value instanceof Instant || value instanceof Enum<?> ? value.toString() : value);
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException(e);
      }
    }
    return fields;
  }

  /** What the redirect path learns of each code from a cache over {@code store}; null when unknown. */
  static Map<String, Object> resolution(LinkStore store) throws Exception {
    LinkCache cache = new LinkCache(store, new WaymarkConfig.Cache(100, Duration.ofSeconds(5), Duration.ofSeconds(60)));
    Map<String, Object> resolved = new LinkedHashMap<>();
    for (String code : CODES) {
      CachedLink c = cache.load(code).get(5, SECONDS);
      resolved.put(code, c == null ? null : cached(c));
    }
    return resolved;
  }

  private static Map<String, Object> cached(CachedLink c) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("code", c.code());
    m.put("url", c.url());
    m.put("redirect", c.redirect());
    m.put("campaign", c.campaign());
    m.put("channel", c.channel());
    m.put("stage", c.stage() == null ? null : c.stage().toString());
    m.put("source", c.source());
    m.put("utm", c.utm());
    m.put("linkCode", c.linkCode());
    m.put("touchpoint", c.isTouchpoint());
    m.put("enabled", c.enabled());
    m.put("liveAtNow", c.isLive(NOW.toEpochMilli()));
    m.put("permanent", c.isPermanent());
    m.put("unreadable", c.isUnreadable());
    return m;
  }

  /** Codes of each list in {@link #LISTS}, in the order the store returns them, with the next cursor. */
  static Map<String, Object> listings(LinkStore store) throws Exception {
    Map<String, Object> listed = new LinkedHashMap<>();
    for (Map.Entry<String, LinkQuery> e : LISTS.entrySet()) {
      var page = get(store.list(e.getValue()));
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("codes", page.links().stream().map(l -> l.code()).toList());
      m.put("nextCursor", page.nextCursor());
      listed.put(e.getKey(), m);
    }
    return listed;
  }

  static <T> T get(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(5, SECONDS);
  }

  /** Every key of the Redis database with its type and value, in key order. */
  static List<Map<String, Object>> dump(RedisClusterCommands<String, String> redis) {
    TreeSet<String> keys = new TreeSet<>();
    var cursor = redis.scan(ScanArgs.Builder.limit(1000));
    keys.addAll(cursor.getKeys());
    while (!cursor.isFinished()) {
      cursor = redis.scan(cursor, ScanArgs.Builder.limit(1000));
      keys.addAll(cursor.getKeys());
    }
    List<Map<String, Object>> dump = new ArrayList<>();
    for (String key : keys) {
      String type = redis.type(key);
      Object value = switch (type) {
        case "string" -> redis.get(key);
        case "zset" -> redis.zrangeWithScores(key, 0, -1).stream()
            .map(sv -> Map.of("member", sv.getValue(), "score", sv.getScore())).toList();
        case "hash" -> new TreeMap<>(redis.hgetall(key));
        case "set" -> new TreeSet<>(redis.smembers(key));
        case "list" -> redis.lrange(key, 0, -1);
        default -> throw new IllegalStateException("no dump for Redis type " + type + " of " + key);
      };
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("key", key);
      entry.put("type", type);
      entry.put("value", value);
      dump.add(entry);
    }
    return dump;
  }
}
