package dev.waymark.brand;

import static dev.waymark.brand.BrandFixtures.T0;
import static dev.waymark.brand.BrandFixtures.acme;
import static dev.waymark.brand.BrandFixtures.logoOf;
import static dev.waymark.brand.BrandFixtures.pngLogo;
import static org.assertj.core.api.Assertions.assertThat;

import dev.waymark.TestRedis;
import io.vertx.core.Vertx;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The brand store contract on a real Redis ({@code WAYMARK_TEST_REDIS_URL}), and its key layout. */
class RedisBrandStoreIT extends BrandStoreContract {

  @RegisterExtension
  static final TestRedis redis = TestRedis.perClass();

  @Override
  protected BrandStore openEmptyStore(Vertx vertx) throws Exception {
    redis.admin().flushdb();
    return get(RedisBrandStore.connect(vertx, redis.url()));
  }

  @Test
  void keys_allLiveUnderTheBrandPrefix_andDeleteLeavesNone() throws Exception {
    get(store.create(acme("acme")));
    byte[] png = pngLogo();
    get(store.replaceLogo(acme("acme"), acme("acme").withLogo(logoOf(png), T0.plusSeconds(1)), png));

    assertThat(redis.admin().keys("*")).containsExactlyInAnyOrder("{waymark}:brand:acme", "{waymark}:brand:_names");
    assertThat(redis.admin().hkeys("{waymark}:brand:acme")).containsExactlyInAnyOrder("brand", "logo");

    get(store.delete("acme"));
    assertThat(redis.admin().keys("*")).isEmpty();
  }

  @Test
  void brandDeletedBehindTheIndex_isLeftOutOfTheList() throws Exception {
    get(store.create(acme("acme")));
    get(store.create(acme("beta")));
    redis.admin().del("{waymark}:brand:acme");

    assertThat(get(store.list())).extracting(Brand::name).isEqualTo(List.of("beta"));
  }
}
