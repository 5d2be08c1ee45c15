package dev.waymark.key;

import dev.waymark.storage.EmbeddedFile;
import dev.waymark.storage.StoredJson;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.h2.mvstore.MVMap;

/**
 * Named keys in their own MVStore file ({@code keys.mv} beside {@code links.mv}): every
 * acknowledged write is committed before its future completes. All file access runs on a small
 * worker pool, never on the caller's event loop.
 */
public final class EmbeddedKeyStore implements KeyStore {

  private static final StoredJson<NamedKey> JSON = new StoredJson<>(NamedKey.class);

  private final EmbeddedFile file;
  private final MVMap<String, String> keys;

  private EmbeddedKeyStore(EmbeddedFile file) {
    this.file = file;
    this.keys = file.map("keys");
  }

  /** Opens (or creates) the store file, off the event loop. */
  public static Future<EmbeddedKeyStore> open(Vertx vertx, Path path) {
    return EmbeddedFile.open(vertx, path, "key").map(EmbeddedKeyStore::new);
  }

  @Override
  public Future<NamedKey> find(String id) {
    return file.find(keys, id, JSON);
  }

  @Override
  public Future<List<NamedKey>> list() {
    return file.all(keys, JSON);
  }

  @Override
  public Future<Boolean> create(NamedKey key) {
    String json = JSON.encode(key);
    return file.write(() -> keys.putIfAbsent(key.id(), json) == null);
  }

  @Override
  public Future<Boolean> delete(String id) {
    return file.write(() -> keys.remove(id) != null);
  }

  @Override
  public Future<Void> touch(String id, Instant at) {
    return file.write(() -> {
      String json = keys.get(id);
      if (json == null) {
        return false;
      }
      NamedKey key = JSON.decode(json);
      if (key.lastUsedAt() != null && !key.lastUsedAt().isBefore(at)) {
        return false;
      }
      keys.put(id, JSON.encode(key.withLastUsedAt(at)));
      return true;
    }).mapEmpty();
  }

  @Override
  public Future<Void> close() {
    return file.close();
  }
}
