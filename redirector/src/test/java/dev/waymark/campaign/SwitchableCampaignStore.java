package dev.waymark.campaign;

import io.vertx.core.Future;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/** A real campaign store that a test can switch to fail every call, as a store that is down would. */
public final class SwitchableCampaignStore implements CampaignStore {

  private final CampaignStore store;
  private final AtomicBoolean down = new AtomicBoolean();

  public SwitchableCampaignStore(CampaignStore store) {
    this.store = store;
  }

  public void down(boolean isDown) {
    down.set(isDown);
  }

  @Override
  public Future<Campaign> find(String name) {
    return down.get() ? failure() : store.find(name);
  }

  @Override
  public Future<List<Campaign>> list() {
    return down.get() ? failure() : store.list();
  }

  @Override
  public Future<Boolean> put(Campaign expected, Campaign next) {
    return down.get() ? failure() : store.put(expected, next);
  }

  @Override
  public Future<Boolean> delete(Campaign expected) {
    return down.get() ? failure() : store.delete(expected);
  }

  @Override
  public void onChange(Consumer<String> listener) {
    store.onChange(listener);
  }

  @Override
  public boolean noticesMayBeLost() {
    return store.noticesMayBeLost();
  }

  @Override
  public Future<Void> close() {
    return store.close();
  }

  private static <T> Future<T> failure() {
    return Future.failedFuture(new IllegalStateException("campaign store down"));
  }
}
