package dev.waymark.link;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link LinkStore#onChange} listeners of one store: each is told every change, and one that
 * throws neither stops the others nor fails the write that caused the change.
 */
final class LinkChangeListeners {

  private static final Logger LOG = LoggerFactory.getLogger(LinkChangeListeners.class);

  private final List<Consumer<String>> listeners = new CopyOnWriteArrayList<>();

  void add(Consumer<String> listener) {
    listeners.add(listener);
  }

  /** Tells every listener that {@code code} changed ({@code null}: anything may have changed). */
  void changed(String code) {
    for (Consumer<String> listener : listeners) {
      try {
        listener.accept(code);
      } catch (RuntimeException e) {
        LOG.warn("event=link_change_listener_failed code={} error=\"{}\"", code, e.toString());
      }
    }
  }
}
