package dev.waymark.compat;

import static dev.waymark.compat.StoredFixtures.get;

import dev.waymark.link.EmbeddedLinkStore;
import dev.waymark.link.LinkStore;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** An embedded store opened on a copy of the {@code links.mv} an earlier version wrote. */
class StoredDataCompatibilityTest extends StoredDataCompatibility {

  @TempDir
  Path dir;

  @Override
  protected LinkStore openOnFixtures(Vertx vertx) throws Exception {
    // A copy: opening a store may compact and rewrite the file, and the fixture must stay as written.
    Path file = Files.copy(StoredFixtures.DIR.resolve("links.mv"), dir.resolve("links.mv"));
    return get(EmbeddedLinkStore.open(vertx, file));
  }
}
