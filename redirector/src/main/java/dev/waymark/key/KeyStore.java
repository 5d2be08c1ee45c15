package dev.waymark.key;

import io.vertx.core.Future;
import java.time.Instant;
import java.util.List;

/**
 * Where named admin API keys live: beside the links, in Redis or in an embedded file.
 *
 * <p>Every method is non-blocking and safe to call from an event loop; futures may complete on
 * another thread. Both implementations pass the same contract test ({@code KeyStoreContract}).
 */
public interface KeyStore {

  /** The key with this id, or {@code null}. */
  Future<NamedKey> find(String id);

  /** Every key, by id; keys are few (a handful per team), so there are no pages. */
  Future<List<NamedKey>> list();

  /** Stores a new key; {@code false} when the id is taken (nothing written). */
  Future<Boolean> create(NamedKey key);

  /** Deletes (revokes) a key; {@code false} when there was none. */
  Future<Boolean> delete(String id);

  /**
   * Records that the key was used at {@code at}, unless it was already recorded as used later;
   * does nothing for a key that is gone (a revoked key is never brought back).
   */
  Future<Void> touch(String id, Instant at);

  /** Releases connections and files; the store is unusable afterwards. */
  Future<Void> close();
}
