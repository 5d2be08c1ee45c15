package dev.waymark.brand;

import static dev.waymark.brand.BrandFixtures.T0;
import static dev.waymark.brand.BrandFixtures.acme;
import static dev.waymark.brand.BrandFixtures.logoOf;
import static dev.waymark.brand.BrandFixtures.pngLogo;
import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.vertx.core.Vertx;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The brand store contract on a real Redis ({@code WAYMARK_TEST_REDIS_URL}), and its key layout. */
class RedisBrandStoreIT extends BrandStoreContract {

  private static URI redisUrl;
  private static RedisClient admin;
  private static StatefulRedisConnection<String, String> adminConnection;

  @BeforeAll
  static void connectAdmin() {
    String url = System.getenv("WAYMARK_TEST_REDIS_URL");
    if (url == null || url.isBlank()) {
      throw new IllegalStateException("WAYMARK_TEST_REDIS_URL is not set: run `scripts/services.sh start` and"
          + " export the Redis URL it prints, or run the tests through scripts/test.sh");
    }
    redisUrl = URI.create(url);
    admin = RedisClient.create(url);
    adminConnection = admin.connect();
  }

  @AfterAll
  static void closeAdmin() {
    if (adminConnection != null) {
      adminConnection.close();
    }
    if (admin != null) {
      admin.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
  }

  @Override
  protected BrandStore openEmptyStore(Vertx vertx) throws Exception {
    adminConnection.sync().flushdb();
    return get(RedisBrandStore.connect(vertx, redisUrl));
  }

  @Test
  void keys_allLiveUnderTheBrandPrefix_andDeleteLeavesNone() throws Exception {
    get(store.create(acme("acme")));
    byte[] png = pngLogo();
    get(store.replaceLogo(acme("acme"), acme("acme").withLogo(logoOf(png), T0.plusSeconds(1)), png));

    assertThat(adminConnection.sync().keys("*")).containsExactlyInAnyOrder("waymark:brand:acme", "waymark:brand:_names");
    assertThat(adminConnection.sync().hkeys("waymark:brand:acme")).containsExactlyInAnyOrder("brand", "logo");

    get(store.delete("acme"));
    assertThat(adminConnection.sync().keys("*")).isEmpty();
  }

  @Test
  void brandDeletedBehindTheIndex_isLeftOutOfTheList() throws Exception {
    get(store.create(acme("acme")));
    get(store.create(acme("beta")));
    adminConnection.sync().del("waymark:brand:acme");

    assertThat(get(store.list())).extracting(Brand::name).isEqualTo(List.of("beta"));
  }
}
