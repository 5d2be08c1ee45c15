package dev.waymark.brand;

import dev.waymark.TestRedis;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The brand store contract on the Cluster setup of scripts/test.sh. */
class ClusterBrandStoreIT extends BrandStoreContract {

  @RegisterExtension
  static final TestRedis redis = TestRedis.clusterPerClass();

  @Override
  protected BrandStore openEmptyStore(Vertx vertx) throws Exception {
    redis.admin().flushdb();
    return get(RedisBrandStore.connect(vertx, redis.url()));
  }
}
