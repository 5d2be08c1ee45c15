package dev.waymark.link;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The link store contract on an MVStore file, plus what only a file store promises. */
class EmbeddedLinkStoreTest extends LinkStoreContract {

  @TempDir
  Path dir;

  @Override
  protected LinkStore openEmptyStore(Vertx vertx) throws Exception {
    return get(EmbeddedLinkStore.open(vertx, dir.resolve("links.mv")));
  }

  @Test
  void close_thenReopen_keepsLinksAndIndices() throws Exception {
    get(store.create(withTags(link("keep", T0, "spring"), "red")));
    get(store.create(link("gone", T0.plusSeconds(1), "spring")));
    get(store.delete("gone"));
    get(store.close());

    store = get(EmbeddedLinkStore.open(vertx, dir.resolve("links.mv")));

    assertThat(get(store.find("keep"))).isEqualTo(withTags(link("keep", T0, "spring"), "red"));
    assertThat(get(store.find("gone"))).isNull();
    assertThat(codes(new LinkQuery("spring", "red", null, 10))).containsExactly("keep");
  }

  @Test
  void manyWrites_fileStaysSmall() throws Exception {
    // Each commit writes a chunk; before they were reused, 3,000 links made a file of ~80 MiB.
    for (int i = 0; i < 3000; i++) {
      get(store.create(link("bulk" + i, T0.plusMillis(i), "spring")));
    }
    assertThat(java.nio.file.Files.size(dir.resolve("links.mv"))).isLessThan(3000L * 4096);
  }

  @Test
  void open_missingDirectory_createsIt() throws Exception {
    Path file = dir.resolve("nested/deeper/links.mv");

    LinkStore other = get(EmbeddedLinkStore.open(vertx, file));
    try {
      get(other.create(link("x", T0, null)));
      assertThat(Files.exists(file)).isTrue();
    } finally {
      get(other.close());
    }
  }

  @Test
  void open_fileAlreadyOpenInThisProcess_failsWithoutTouchingIt() throws Exception {
    get(store.create(link("mine", T0, null)));

    assertThatThrownBy(() -> get(EmbeddedLinkStore.open(vertx, dir.resolve("links.mv"))))
        .isInstanceOf(ExecutionException.class);

    assertThat(get(store.find("mine"))).isNotNull();
  }

  @Test
  void ping_afterClose_fails() throws Exception {
    LinkStore closed = store;
    get(closed.close());
    store = null;

    assertThatThrownBy(() -> get(closed.ping())).isInstanceOf(Exception.class);
  }
}
