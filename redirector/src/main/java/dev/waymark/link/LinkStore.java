package dev.waymark.link;

import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The store of record for links: Redis in production, an MVStore file on one machine.
 *
 * <p>Every method is non-blocking and safe to call from an event loop; futures may complete on
 * another thread. Both implementations pass the same contract test ({@code LinkStoreContract}).
 */
public interface LinkStore {

  /** The link with this code, or {@code null} when there is none. */
  Future<Link> find(String code);

  /**
   * Stores a new link atomically; {@code false} when the code is already taken (nothing written).
   */
  Future<Boolean> create(Link link);

  /**
   * Stores many new links, in order, each as {@link #create} would: only when its code is free,
   * also of an earlier link in the same call. The answer says, link by link, which were written.
   * For bulk imports: a store writes them in one go where it can (one commit of the embedded
   * file, one pipelined burst to Redis). When the future fails, some may have been written.
   *
   * <p>This default creates them one after another; the stores of record override it.
   */
  default Future<List<Boolean>> createAll(List<Link> links) {
    List<Boolean> written = new ArrayList<>(links.size());
    Future<Void> chain = Future.succeededFuture();
    for (Link link : links) {
      chain = chain.compose(v -> create(link)).map(ok -> {
        written.add(ok);
        return null;
      });
    }
    return chain.map(v -> written);
  }

  /**
   * Replaces an existing link whatever it holds now (last writer wins); {@code false} when there is
   * no link with that code. Read-modify-write callers use {@link #replace(Link, Link)} instead.
   */
  Future<Boolean> replace(Link link);

  /**
   * Compare-and-set: replaces the link with {@code next} only if the stored link still equals
   * {@code expected} (same code), atomically with its list entries and its change notice;
   * {@code false} when it changed or is gone, and then nothing is written. A link stored by an
   * older version compares by its fields, so it needs no version of its own.
   *
   * <p>This default fails: only stores of record can compare and set atomically.
   */
  default Future<Boolean> replace(Link expected, Link next) {
    return Future.failedFuture(new UnsupportedOperationException(
        getClass().getSimpleName() + " cannot compare and set"));
  }

  /** Deletes a link; {@code false} when there was none. */
  Future<Boolean> delete(String code);

  /**
   * Compare-and-delete: deletes the link only if the stored link still equals {@code expected};
   * {@code false} when it changed or is gone (nothing deleted). The default fails, as
   * {@link #replace(Link, Link)}'s does.
   */
  default Future<Boolean> delete(Link expected) {
    return Future.failedFuture(new UnsupportedOperationException(
        getClass().getSimpleName() + " cannot compare and delete"));
  }

  /** A page of links matching the query, newest first. */
  Future<LinkPage> list(LinkQuery query);

  /** Succeeds when the store answers; used by readiness checks. */
  Future<Void> ping();

  /**
   * Registers a listener told the code of every link created, replaced or deleted through any
   * instance sharing this store, within about a second; a code may be told more than once. Used
   * to keep caches fresh.
   * When delivery may have been interrupted (a reconnect), the listener gets {@code null}, which
   * means "anything may have changed".
   */
  void onChange(Consumer<String> listener);

  /**
   * True when a change notice can be lost without a {@code null} to say so (messages over a
   * network), so caches should re-read what they hold now and then; false when every change is
   * told in-process, as it happens.
   */
  default boolean noticesMayBeLost() {
    return true;
  }

  /** Releases connections and files; the store is unusable afterwards. */
  Future<Void> close();
}
