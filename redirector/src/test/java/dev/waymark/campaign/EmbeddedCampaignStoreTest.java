package dev.waymark.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The campaign store contract on an MVStore file, plus what only a file store promises. */
class EmbeddedCampaignStoreTest extends CampaignStoreContract {

  @TempDir
  Path dir;

  @Override
  protected CampaignStore openEmptyStore(Vertx vertx) throws Exception {
    return get(EmbeddedCampaignStore.open(vertx, dir.resolve("campaigns.mv")));
  }

  @Test
  void close_thenReopen_keepsTheSettings() throws Exception {
    get(store.put(null, campaign("spring", true)));
    get(store.put(null, campaign("gone", true)));
    get(store.delete(campaign("gone", true)));
    get(store.close());

    store = get(EmbeddedCampaignStore.open(vertx, dir.resolve("campaigns.mv")));

    assertThat(get(store.list())).containsExactly(campaign("spring", true));
  }

  @Test
  void listeners_areToldBeforeTheWritersFutureCompletes() throws Exception {
    get(store.put(null, campaign("spring", true)));
    assertThat(heard).containsExactly("spring");
    assertThat(store.noticesMayBeLost()).isFalse();
  }
}
