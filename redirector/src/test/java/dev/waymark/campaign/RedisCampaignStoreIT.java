package dev.waymark.campaign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.waymark.TestRedis;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The campaign store contract on a real Redis ({@code WAYMARK_TEST_REDIS_URL}), its key layout and its notices. */
class RedisCampaignStoreIT extends CampaignStoreContract {

  @RegisterExtension
  static final TestRedis redis = TestRedis.perClass();

  @Override
  protected CampaignStore openEmptyStore(Vertx vertx) throws Exception {
    redis.admin().flushdb();
    return get(RedisCampaignStore.connect(vertx, redis.url()));
  }

  @Test
  void keys_oneHashUnderTheHashTag_andDeleteLeavesNone() throws Exception {
    get(store.put(null, campaign("spring", true)));
    get(store.put(null, campaign("Spring Sale", false)));

    assertThat(redis.admin().keys("*")).containsExactly("{waymark}:campaigns");
    assertThat(redis.admin().hkeys("{waymark}:campaigns")).containsExactlyInAnyOrder("spring", "Spring Sale");

    get(store.delete(campaign("spring", true)));
    get(store.delete(campaign("Spring Sale", false)));
    assertThat(redis.admin().keys("*")).isEmpty();
  }

  @Test
  void writeThroughOneInstance_isHeardByAnotherWithinOneSecond() throws Exception {
    CampaignStore other = get(RedisCampaignStore.connect(vertx, redis.url()));
    try {
      List<String> otherHeard = new CopyOnWriteArrayList<>();
      other.onChange(otherHeard::add);
      get(store.put(null, campaign("spring", true)));
      await().atMost(Duration.ofSeconds(1)).untilAsserted(() -> assertThat(otherHeard).containsExactly("spring"));
      assertThat(get(other.find("spring"))).isEqualTo(campaign("spring", true));
    } finally {
      get(other.close());
    }
  }

  @Test
  void refusedWrite_publishesNothing() throws Exception {
    CampaignStore other = get(RedisCampaignStore.connect(vertx, redis.url()));
    try {
      List<String> otherHeard = new CopyOnWriteArrayList<>();
      other.onChange(otherHeard::add);
      assertThat(get(store.delete(campaign("spring", true)))).isFalse();
      get(store.put(null, campaign("marker", true)));
      // Messages of one channel arrive in order: once the marker is heard, the refused write would have been.
      await().atMost(Duration.ofSeconds(1)).untilAsserted(() -> assertThat(otherHeard).containsExactly("marker"));
    } finally {
      get(other.close());
    }
  }
}
