package dev.waymark.routing;

import dev.waymark.TestRedis;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Hit limits shared through the master that the Sentinel setup of scripts/test.sh names. */
class SentinelRedisHitCapsIT extends RedisHitCapsContract {

  @RegisterExtension
  static final TestRedis redis = TestRedis.sentinelPerClass();

  @Override
  TestRedis redis() {
    return redis;
  }
}
