package dev.waymark.campaign;

import io.vertx.core.Future;
import java.util.List;
import java.util.function.Consumer;

/**
 * Where campaign settings live: beside the links, in Redis or in an embedded file, and how every
 * instance hears that they changed. Campaigns with settings are few (dozens, not millions), so
 * they are listed whole and every instance keeps them all in memory ({@link CampaignDefaults}).
 *
 * <p>Every method is non-blocking and safe to call from an event loop; futures may complete on
 * another thread. Both implementations pass the same contract test ({@code CampaignStoreContract}).
 */
public interface CampaignStore {

  /** The settings of this campaign, or {@code null} when none are stored. */
  Future<Campaign> find(String name);

  /** Every campaign with settings, by name. */
  Future<List<Campaign>> list();

  /**
   * Compare-and-set: stores {@code next} if the stored settings of its campaign still equal
   * {@code expected} ({@code null}: there must be none); {@code false} when they changed (nothing
   * written). Every instance's {@link #onChange} listeners hear of a write.
   */
  Future<Boolean> put(Campaign expected, Campaign next);

  /** Compare-and-delete: removes the settings only if they still equal {@code expected}; {@code false} otherwise. */
  Future<Boolean> delete(Campaign expected);

  /**
   * Registers a listener told the name of every campaign whose settings are written or deleted
   * through any instance sharing this store, within about a second. When delivery may have been
   * interrupted (a reconnect) it gets {@code null}: anything may have changed.
   */
  void onChange(Consumer<String> listener);

  /** True when a change notice can be lost without a {@code null} to say so (messages over a network). */
  default boolean noticesMayBeLost() {
    return true;
  }

  /** Releases connections and files; the store is unusable afterwards. */
  Future<Void> close();
}
