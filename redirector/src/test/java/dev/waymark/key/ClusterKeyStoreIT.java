package dev.waymark.key;

import dev.waymark.TestRedis;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The key store contract on the Cluster setup of scripts/test.sh. */
class ClusterKeyStoreIT extends KeyStoreContract {

  @RegisterExtension
  static final TestRedis redis = TestRedis.clusterPerClass();

  @Override
  protected KeyStore openEmptyStore(Vertx vertx) throws Exception {
    redis.admin().flushdb();
    return get(RedisKeyStore.connect(vertx, redis.url()));
  }
}
