package dev.waymark.campaign;

import dev.waymark.storage.EmbeddedFile;
import dev.waymark.storage.StoredJson;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.h2.mvstore.MVMap;

/**
 * Campaign settings in their own MVStore file ({@code campaigns.mv} beside {@code links.mv}):
 * every acknowledged write is committed before its future completes, and its listeners are told
 * in-process, after the commit, so no notice is ever lost. All file access runs on a small worker
 * pool, never on the caller's event loop.
 */
public final class EmbeddedCampaignStore implements CampaignStore {

  private static final StoredJson<Campaign> JSON = new StoredJson<>(Campaign.class);

  private final EmbeddedFile file;
  private final MVMap<String, String> campaigns;
  private final CampaignChangeListeners listeners = new CampaignChangeListeners();

  private EmbeddedCampaignStore(EmbeddedFile file) {
    this.file = file;
    this.campaigns = file.map("campaigns");
  }

  /** Opens (or creates) the store file, off the event loop. */
  public static Future<EmbeddedCampaignStore> open(Vertx vertx, Path path) {
    return EmbeddedFile.open(vertx, path, "campaign").map(EmbeddedCampaignStore::new);
  }

  @Override
  public Future<Campaign> find(String name) {
    return file.find(campaigns, name, JSON);
  }

  @Override
  public Future<List<Campaign>> list() {
    return file.all(campaigns, JSON); // in key order: by name
  }

  @Override
  public Future<Boolean> put(Campaign expected, Campaign next) {
    CampaignWrites.requireSameName(expected, next);
    String json = JSON.encode(next);
    return told(next.name(), file.write(() -> {
      if (!matches(next.name(), expected)) {
        return false;
      }
      campaigns.put(next.name(), json);
      return true;
    }));
  }

  @Override
  public Future<Boolean> delete(Campaign expected) {
    return told(expected.name(), file.write(() -> {
      if (!matches(expected.name(), expected)) {
        return false;
      }
      campaigns.remove(expected.name());
      return true;
    }));
  }

  @Override
  public void onChange(Consumer<String> listener) {
    listeners.add(listener);
  }

  @Override
  public boolean noticesMayBeLost() {
    return false;
  }

  @Override
  public Future<Void> close() {
    return file.close();
  }

  /** True when the stored settings of {@code name} equal {@code expected} ({@code null}: none); the caller holds the lock. */
  private boolean matches(String name, Campaign expected) {
    String current = campaigns.get(name);
    return Objects.equals(current == null ? null : JSON.decode(current), expected);
  }

  /** Tells the listeners of a write that was committed, before its caller hears of it. */
  private Future<Boolean> told(String name, Future<Boolean> write) {
    return write.map(written -> {
      if (written) {
        listeners.changed(name);
      }
      return written;
    });
  }
}
