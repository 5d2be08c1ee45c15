package dev.waymark.campaign;

import dev.waymark.TestRedis;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The campaign store contract on the Sentinel setup of scripts/test.sh. */
class SentinelCampaignStoreIT extends CampaignStoreContract {

  @RegisterExtension
  static final TestRedis redis = TestRedis.sentinelPerClass();

  @Override
  protected CampaignStore openEmptyStore(Vertx vertx) throws Exception {
    redis.admin().flushdb();
    return get(RedisCampaignStore.connect(vertx, redis.url()));
  }
}
