package dev.waymark.campaign;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This instance's copy of every campaign's defaults, read whole at start and again on each change
 * notice of the {@link CampaignStore}, so that {@link #conversions} answers from memory and the
 * link cache can fold a campaign's default into each link when it loads it, never per request.
 * Its listeners are told after a change of the defaults is in place, and only then.
 *
 * <p>Reads run one at a time; a notice that arrives during one makes one more, so the copy always
 * ends up as read after the last notice, whatever order the store answers in. A read that fails
 * keeps the copy as it is; where notices may be lost (Redis), the copy is also re-read every
 * {@code refreshEvery}.
 */
public final class CampaignDefaults {

  private static final Logger LOG = LoggerFactory.getLogger(CampaignDefaults.class);

  private final CampaignStore store;
  private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
  /** Reads wanted: 0 idle, 1 one running, 2 one running and another due after it. */
  private final AtomicInteger wanted = new AtomicInteger();
  private volatile Set<String> withConversions = Set.of();

  private CampaignDefaults(CampaignStore store) {
    this.store = store;
  }

  /** Reads every campaign's defaults and follows the store's changes from then on. */
  public static Future<CampaignDefaults> load(Vertx vertx, CampaignStore store, Duration refreshEvery) {
    CampaignDefaults defaults = new CampaignDefaults(store);
    // Listening before the first read, which counts as the running one: a notice that arrives
    // during it makes one more read after it, so no change made meanwhile is missed.
    defaults.wanted.set(1);
    store.onChange(name -> defaults.reload());
    return store.list().map(all -> {
      defaults.withConversions = namesWithConversions(all);
      LOG.info("event=campaign_defaults_loaded campaigns={} with_conversions={}", all.size(),
          defaults.withConversions.size());
      if (defaults.wanted.decrementAndGet() > 0) {
        defaults.read();
      }
      if (store.noticesMayBeLost()) {
        vertx.setPeriodic(Math.max(1, refreshEvery.toMillis()), id -> defaults.reload());
      }
      return defaults;
    });
  }

  /** True when {@code campaign}'s stored default turns conversions on; false for {@code null} or a campaign without settings. */
  public boolean conversions(String campaign) {
    return campaign != null && withConversions.contains(campaign);
  }

  /** Registers a listener run, on whatever thread read the store, after the defaults changed. */
  public void onChange(Runnable listener) {
    listeners.add(listener);
  }

  /** Re-reads every campaign's defaults; called for each change notice. */
  void reload() {
    if (wanted.getAndUpdate(n -> Math.min(2, n + 1)) == 0) {
      read();
    }
  }

  private void read() {
    store.list().onComplete(ar -> {
      if (ar.succeeded()) {
        Set<String> next = namesWithConversions(ar.result());
        if (!next.equals(withConversions)) {
          withConversions = next;
          LOG.info("event=campaign_defaults_changed with_conversions={}", next.size());
          listeners.forEach(Runnable::run);
        }
      } else {
        LOG.warn("event=campaign_defaults_read_failed error=\"{}\"", String.valueOf(ar.cause()));
      }
      if (wanted.decrementAndGet() > 0) {
        read();
      }
    });
  }

  private static Set<String> namesWithConversions(List<Campaign> all) {
    return all.stream().filter(Campaign::conversions).map(Campaign::name).collect(Collectors.toUnmodifiableSet());
  }
}
