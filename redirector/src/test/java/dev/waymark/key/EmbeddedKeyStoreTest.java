package dev.waymark.key;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The key store contract on an MVStore file, plus what only a file store promises. */
class EmbeddedKeyStoreTest extends KeyStoreContract {

  @TempDir
  Path dir;

  @Override
  protected KeyStore openEmptyStore(Vertx vertx) throws Exception {
    return get(EmbeddedKeyStore.open(vertx, dir.resolve("keys.mv")));
  }

  @Test
  void close_thenReopen_keepsKeysAndLastUse_andRevocations() throws Exception {
    get(store.create(reader("keptaaaaaaaa")));
    get(store.create(reader("goneaaaaaaaa")));
    get(store.touch("keptaaaaaaaa", T0.plusSeconds(5)));
    get(store.delete("goneaaaaaaaa"));
    get(store.close());

    store = get(EmbeddedKeyStore.open(vertx, dir.resolve("keys.mv")));

    assertThat(get(store.list())).containsExactly(reader("keptaaaaaaaa").withLastUsedAt(T0.plusSeconds(5)));
  }
}
