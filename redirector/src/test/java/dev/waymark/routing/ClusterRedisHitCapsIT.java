package dev.waymark.routing;

import dev.waymark.TestRedis;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Hit limits shared through the Redis Cluster of scripts/test.sh: every key on the one slot of the hash tag. */
class ClusterRedisHitCapsIT extends RedisHitCapsContract {

  @RegisterExtension
  static final TestRedis redis = TestRedis.clusterPerClass();

  @Override
  TestRedis redis() {
    return redis;
  }
}
