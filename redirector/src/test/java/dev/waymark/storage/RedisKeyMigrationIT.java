package dev.waymark.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.waymark.TestRedis;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The key migration where the fixtures of StoredDataCompatibilityIT do not reach: clashes, the marker, a cluster. */
class RedisKeyMigrationIT {

  @RegisterExtension
  static final TestRedis single = TestRedis.perClass();
  @RegisterExtension
  static final TestRedis cluster = TestRedis.clusterPerClass();

  @Test
  void newNameTaken_listsAreMerged_recordsKeepTheNewValue_andTheMarkerSkipsTheNextStart() {
    RedisClusterCommands<String, String> redis = single.admin();
    redis.flushdb();
    redis.set("waymark:link:a", "old");
    redis.set("{waymark}:link:a", "new");
    redis.zadd("waymark:links", 0, "1-a");
    redis.zadd("{waymark}:links", 0, "2-b");
    redis.set("waymark:link:c", "only-old");

    RedisKeyMigration.Result result = RedisKeyMigration.onStart(single.url());

    assertThat(result).isEqualTo(new RedisKeyMigration.Result(1, 1, 1, false));
    assertThat(redis.get("{waymark}:link:a")).isEqualTo("new");
    assertThat(redis.get("waymark:link:a")).as("kept, not lost").isEqualTo("old");
    assertThat(redis.zrange("{waymark}:links", 0, -1)).containsExactly("1-a", "2-b");
    assertThat(redis.get("{waymark}:link:c")).isEqualTo("only-old");

    redis.set("waymark:link:late", "written by an old instance");
    assertThat(RedisKeyMigration.onStart(single.url()).skipped()).isTrue();
    assertThat(RedisKeyMigration.always(single.url()).moved()).isEqualTo(1);
  }

  @Test
  void cluster_freshIsMarked_andOneHoldingOldKeysIsRefusedWithAdvice() {
    RedisClusterCommands<String, String> redis = cluster.admin();
    redis.flushdb();
    assertThat(RedisKeyMigration.onStart(cluster.url()).skipped()).isFalse();
    assertThat(redis.get(RedisKeyMigration.MARKER)).isNotNull();

    redis.set("waymark:link:copied", "x");
    assertThatThrownBy(() -> RedisKeyMigration.always(cluster.url()))
        .hasMessageContaining("waymark:link:copied")
        .hasMessageContaining("waymark redis migrate");
    redis.flushdb();
  }
}
