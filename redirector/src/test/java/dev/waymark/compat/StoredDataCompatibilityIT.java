package dev.waymark.compat;

import static dev.waymark.compat.StoredFixtures.get;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.waymark.TestRedis;
import dev.waymark.link.Link;
import dev.waymark.link.LinkJson;
import dev.waymark.link.LinkStore;
import dev.waymark.link.RedisLinkStore;
import dev.waymark.redis.RedisEndpoint;
import dev.waymark.storage.RedisKeyMigration;
import dev.waymark.touchpoint.Touchpoint;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A Redis store opened on the keys an earlier version wrote, written back key by key from
 * {@code redis.json} and moved to the hash-tagged layout by the start-up migration, as on upgrade.
 */
class StoredDataCompatibilityIT extends StoredDataCompatibility {

  @RegisterExtension
  static final TestRedis redis = TestRedis.perClass();

  @Override
  protected LinkStore openOnFixtures(Vertx vertx) throws Exception {
    RedisClusterCommands<String, String> admin = redis.admin();
    admin.flushdb();
    JsonNode keys = StoredFixtures.JSON.readTree(StoredFixtures.DIR.resolve("redis.json").toFile());
    for (JsonNode entry : keys) {
      String key = entry.get("key").asText();
      JsonNode value = entry.get("value");
      switch (entry.get("type").asText()) {
        case "string" -> admin.set(key, value.asText());
        case "zset" -> value.forEach(m -> admin.zadd(key, m.get("score").asDouble(), m.get("member").asText()));
        case "hash" -> value.properties().forEach(f -> admin.hset(key, f.getKey(), f.getValue().asText()));
        case "set" -> value.forEach(m -> admin.sadd(key, m.asText()));
        case "list" -> value.forEach(m -> admin.rpush(key, m.asText()));
        default -> throw new IllegalStateException("fixture has a Redis type this test cannot write: " + entry);
      }
    }
    assertThat(StoredFixtures.tree(StoredFixtures.dump(admin))).as("keys as written back")
        .isEqualTo(keys);
    // What the service does at start-up on a Redis an older version wrote.
    RedisKeyMigration.Result migrated = RedisKeyMigration.onStart(redis.url());
    assertThat(migrated.moved()).isEqualTo(keys.size());
    assertThat(admin.keys(RedisEndpoint.LEGACY_KEY_PREFIX + "*")).as("old keys left").isEmpty();
    assertThat(RedisKeyMigration.always(redis.url()).moved()).as("a second run").isZero();
    return get(RedisLinkStore.connect(vertx, redis.url()));
  }

  @Test
  void touchpointsWrittenByTheNewType_holdTheBytesTheOldCodeWrote() throws Exception {
    for (JsonNode entry : StoredFixtures.JSON.readTree(StoredFixtures.DIR.resolve("redis.json").toFile())) {
      String key = entry.get("key").asText();
      // Touchpoints only: a link's UTM map does not keep its order through Map.copyOf, so links may differ.
      Link stored = key.startsWith("waymark:link:") ? LinkJson.decode(entry.get("value").asText()) : null;
      if (stored != null && stored.isTouchpoint()) {
        assertThat(LinkJson.encode(Touchpoint.from(stored).toStored())).as(key).isEqualTo(entry.get("value").asText());
      }
    }
  }
}
