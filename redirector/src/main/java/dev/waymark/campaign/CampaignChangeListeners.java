package dev.waymark.campaign;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link CampaignStore#onChange} listeners of one store: each is told every change, and one
 * that throws neither stops the others nor fails the write that caused the change.
 */
final class CampaignChangeListeners {

  private static final Logger LOG = LoggerFactory.getLogger(CampaignChangeListeners.class);

  private final List<Consumer<String>> listeners = new CopyOnWriteArrayList<>();

  void add(Consumer<String> listener) {
    listeners.add(listener);
  }

  /** Tells every listener that {@code name} changed ({@code null}: anything may have changed). */
  void changed(String name) {
    for (Consumer<String> listener : listeners) {
      try {
        listener.accept(name);
      } catch (RuntimeException e) {
        LOG.warn("event=campaign_change_listener_failed campaign=\"{}\" error=\"{}\"", name, e.toString());
      }
    }
  }
}
