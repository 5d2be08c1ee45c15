package dev.waymark.link;

import dev.waymark.TestRedis;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The link store contract, and change notices between instances, on the Cluster setup of scripts/test.sh. */
class ClusterLinkStoreIT extends SharedRedisLinkStoreContract {

  @RegisterExtension
  static final TestRedis redis = TestRedis.clusterPerClass();

  @Override
  protected TestRedis redis() {
    return redis;
  }
}
