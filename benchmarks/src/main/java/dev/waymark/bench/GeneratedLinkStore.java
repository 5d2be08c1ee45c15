package dev.waymark.bench;

import dev.waymark.journey.Stage;
import dev.waymark.link.Link;
import dev.waymark.link.LinkJson;
import dev.waymark.link.LinkPage;
import dev.waymark.link.LinkQuery;
import dev.waymark.link.LinkStore;
import io.vertx.core.Future;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * A read-only link store for benchmarks that knows every code except those starting with
 * {@value #UNKNOWN_PREFIX}, and hands each link out as the real stores do: decoded from its JSON,
 * fresh objects each time.
 */
final class GeneratedLinkStore implements LinkStore {

  static final String UNKNOWN_PREFIX = "unknown";

  private final Instant now;
  private final int campaigns;
  private final boolean lossyNotices;
  private final List<Consumer<String>> listeners = new CopyOnWriteArrayList<>();

  /** @param lossyNotices as Redis's pub/sub (the cache then refreshes), else as the embedded store */
  GeneratedLinkStore(Instant now, int campaigns, boolean lossyNotices) {
    this.now = now;
    this.campaigns = campaigns;
    this.lossyNotices = lossyNotices;
  }

  /** Tells the listeners that {@code code} changed, as a write through the admin API would. */
  void notifyChange(String code) {
    listeners.forEach(l -> l.accept(code));
  }

  @Override
  public boolean noticesMayBeLost() {
    return lossyNotices;
  }

  @Override
  public Future<Link> find(String code) {
    if (code.startsWith(UNKNOWN_PREFIX)) {
      return Future.succeededFuture(null);
    }
    int i = Math.abs(code.hashCode());
    String campaign = campaigns == 0 ? null : "campaign-" + i % campaigns;
    Link link = new Link(code, "https://example.com/landing?i=" + i, campaign,
        campaign == null ? null : "poster", campaign == null ? null : Stage.JOURNEY.get(i % Stage.JOURNEY.size()),
        campaign == null ? null : "source-" + i % campaigns, List.of(),
        campaign == null ? Map.of() : Map.of("medium", "offline"), 302, null, true, now, now);
    return Future.succeededFuture(LinkJson.decode(LinkJson.encode(link)));
  }

  @Override
  public Future<Boolean> create(Link link) {
    throw new UnsupportedOperationException();
  }

  @Override
  public Future<Boolean> replace(Link link) {
    throw new UnsupportedOperationException();
  }

  @Override
  public Future<Boolean> delete(String code) {
    throw new UnsupportedOperationException();
  }

  @Override
  public Future<LinkPage> list(LinkQuery query) {
    throw new UnsupportedOperationException();
  }

  @Override
  public Future<Void> ping() {
    return Future.succeededFuture();
  }

  @Override
  public void onChange(Consumer<String> listener) {
    listeners.add(listener);
  }

  @Override
  public Future<Void> close() {
    return Future.succeededFuture();
  }
}
