package dev.waymark.routing;

import dev.waymark.TestRedis;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Hit limits shared through the single Redis of scripts/test.sh ({@code WAYMARK_TEST_REDIS_URL}). */
class RedisHitCapsIT extends RedisHitCapsContract {

  @RegisterExtension
  static final TestRedis redis = TestRedis.perClass();

  @Override
  TestRedis redis() {
    return redis;
  }
}
