package dev.waymark.campaign;

import static dev.waymark.campaign.CampaignStoreContract.campaign;
import static dev.waymark.campaign.CampaignStoreContract.get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
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
    await().atMost(Duration.ofSeconds(5)).until(() -> defaults.conversions("spring"));
    assertThat(told.get()).isEqualTo(1);

    get(store.put(null, campaign("autumn", false))); // settings without a default that changes anything
    Campaign off = campaign("spring", true).withConversions(false, CampaignStoreContract.T0.plusSeconds(1));
    get(store.put(campaign("spring", true), off));
    await().atMost(Duration.ofSeconds(5)).until(() -> !defaults.conversions("spring"));
    assertThat(told.get()).isEqualTo(2);

    get(store.put(off, campaign("spring", true)));
    await().atMost(Duration.ofSeconds(5)).until(() -> defaults.conversions("spring"));
    get(store.delete(campaign("spring", true)));
    await().atMost(Duration.ofSeconds(5)).until(() -> !defaults.conversions("spring"));
    assertThat(told.get()).isEqualTo(4);
  }

  @Test
  void changeDuringTheFirstRead_isReadAfterIt_notMissed() throws Exception {
    HeldLists held = new HeldLists(store);
    Future<CampaignDefaults> loading = CampaignDefaults.load(vertx, held, Duration.ofSeconds(60));
    assertThat(held.waiting).hasSize(1);

    get(store.put(null, campaign("spring", true))); // written and told while the first read is out
    held.hold = false;
    held.waiting.remove(0).complete(List.of()); // that read answers as of before the write
    CampaignDefaults defaults = get(loading);

    await().atMost(Duration.ofSeconds(5)).until(() -> defaults.conversions("spring"));
    assertThat(held.reads.get()).as("one more read for the notice").isEqualTo(2);
  }

  @Test
  void noticesDuringARead_makeOneMoreRead_notOneEach() throws Exception {
    HeldLists held = new HeldLists(store);
    held.hold = false;
    CampaignDefaults defaults = get(CampaignDefaults.load(vertx, held, Duration.ofSeconds(60)));
    held.hold = true;
    defaults.reload();
    defaults.reload();
    defaults.reload();
    assertThat(held.waiting).hasSize(1);
    get(store.put(null, campaign("spring", true))); // one more notice while the read is out
    held.hold = false;
    held.waiting.remove(0).complete(List.of());

    await().atMost(Duration.ofSeconds(5)).until(() -> defaults.conversions("spring"));
    assertThat(held.reads.get()).isEqualTo(3);
  }

  /** The embedded store, whose {@code list} answers only when the test says, while {@link #hold} is set. */
  private static final class HeldLists implements CampaignStore {
    final CampaignStore store;
    final List<Promise<List<Campaign>>> waiting = new CopyOnWriteArrayList<>();
    final AtomicInteger reads = new AtomicInteger();
    volatile boolean hold = true;

    HeldLists(CampaignStore store) {
      this.store = store;
    }

    @Override
    public Future<Campaign> find(String name) {
      return store.find(name);
    }

    @Override
    public Future<List<Campaign>> list() {
      reads.incrementAndGet();
      if (!hold) {
        return store.list();
      }
      Promise<List<Campaign>> p = Promise.promise();
      waiting.add(p);
      return p.future();
    }

    @Override
    public Future<Boolean> put(Campaign expected, Campaign next) {
      return store.put(expected, next);
    }

    @Override
    public Future<Boolean> delete(Campaign expected) {
      return store.delete(expected);
    }

    @Override
    public void onChange(Consumer<String> listener) {
      store.onChange(listener);
    }

    @Override
    public boolean noticesMayBeLost() {
      return false;
    }

    @Override
    public Future<Void> close() {
      return store.close();
    }
  }
}
