package dev.waymark.campaign;

import static dev.waymark.campaign.CampaignStoreContract.campaign;
import static dev.waymark.campaign.CampaignStoreContract.get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link CampaignDefaults} over a real embedded store: read at start, followed on every change. */
class CampaignDefaultsTest {

  @TempDir
  Path dir;
  Vertx vertx;
  CampaignStore store;

  @BeforeEach
  void open() throws Exception {
    vertx = Vertx.vertx();
    store = get(EmbeddedCampaignStore.open(vertx, dir.resolve("campaigns.mv")));
  }

  @AfterEach
  void close() throws Exception {
    get(store.close());
    get(vertx.close());
  }

  @Test
  void load_readsWhatIsStored() throws Exception {
    get(store.put(null, campaign("spring", true)));
    get(store.put(null, campaign("autumn", false)));

    CampaignDefaults defaults = get(CampaignDefaults.load(vertx, store, Duration.ofSeconds(60)));

    assertThat(defaults.conversions("spring")).isTrue();
    assertThat(defaults.conversions("autumn")).isFalse();
    assertThat(defaults.conversions("winter")).isFalse();
    assertThat(defaults.conversions(null)).isFalse();
  }

  @Test
  void changes_areFollowed_andListenersToldOnlyWhenADefaultChanged() throws Exception {
    CampaignDefaults defaults = get(CampaignDefaults.load(vertx, store, Duration.ofSeconds(60)));
    AtomicInteger told = new AtomicInteger();
    defaults.onChange(told::incrementAndGet);

    get(store.put(null, campaign("spring", true)));
    await().atMost(Duration.ofSeconds(1)).until(() -> defaults.conversions("spring"));
    assertThat(told.get()).isEqualTo(1);

    get(store.put(null, campaign("autumn", false))); // settings without a default that changes anything
    Campaign off = campaign("spring", true).withConversions(false, CampaignStoreContract.T0.plusSeconds(1));
    get(store.put(campaign("spring", true), off));
    await().atMost(Duration.ofSeconds(1)).until(() -> !defaults.conversions("spring"));
    assertThat(told.get()).isEqualTo(2);

    get(store.put(off, campaign("spring", true)));
    await().atMost(Duration.ofSeconds(1)).until(() -> defaults.conversions("spring"));
    get(store.delete(campaign("spring", true)));
    await().atMost(Duration.ofSeconds(1)).until(() -> !defaults.conversions("spring"));
    assertThat(told.get()).isEqualTo(4);
  }
}
