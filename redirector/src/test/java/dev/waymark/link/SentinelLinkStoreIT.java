package dev.waymark.link;

import dev.waymark.TestRedis;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The link store contract, and change notices between instances, on the Sentinel setup of scripts/test.sh. */
class SentinelLinkStoreIT extends SharedRedisLinkStoreContract {

  @RegisterExtension
  static final TestRedis redis = TestRedis.sentinelPerClass();

  @Override
  protected TestRedis redis() {
    return redis;
  }
}
