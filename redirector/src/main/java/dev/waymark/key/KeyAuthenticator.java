package dev.waymark.key;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a presented named key into the {@link AuthenticatedKey} it stands for, or {@code null}:
 * found by the id in the key (one lookup), its SHA-256 compared in constant time, refused from its
 * {@code expiresAt} on.
 *
 * <p>Keys read from the store are kept for at most {@link #CACHE_FOR}, so a key revoked on any
 * instance stops working on every instance within that time (on the revoking one at once) without
 * relying on notifications. Uses are written back as {@code lastUsedAt} at most once per
 * {@link #LAST_USED_EVERY} per key and instance, without waiting for the write. Never blocks; the
 * returned future completes on the caller's context, and fails only when the store does.
 */
public final class KeyAuthenticator {

  /** How long a key read from the store is trusted before it is read again. */
  public static final Duration CACHE_FOR = Duration.ofSeconds(1);
  /** Uses of one key are written to the store at most this often (per instance). */
  public static final Duration LAST_USED_EVERY = Duration.ofMinutes(1);
  private static final Logger LOG = LoggerFactory.getLogger(KeyAuthenticator.class);

  private final KeyStore store;
  private final Clock clock;
  private final AsyncCache<String, Optional<NamedKey>> keys;
  private final Cache<String, Instant> lastWritten;

  public KeyAuthenticator(KeyStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
    // Unknown ids are remembered too, so a flood of made-up keys costs the store one read a second per id.
    this.keys = Caffeine.newBuilder().maximumSize(10_000).expireAfterWrite(CACHE_FOR).buildAsync();
    this.lastWritten = Caffeine.newBuilder().maximumSize(10_000).expireAfterWrite(LAST_USED_EVERY).build();
  }

  /**
   * The key {@code presented} authenticates, or {@code null} when it is not a valid, unexpired
   * named key (wrong, unknown, revoked and expired keys are all just {@code null}).
   */
  public Future<AuthenticatedKey> authenticate(String presented) {
    String id = KeySecret.idOf(presented);
    if (id == null) {
      return Future.succeededFuture();
    }
    Context context = Vertx.currentContext();
    CompletableFuture<Optional<NamedKey>> found = keys.get(id, (k, executor) ->
        store.find(k).map(Optional::ofNullable).toCompletionStage().toCompletableFuture());
    Future<Optional<NamedKey>> lookup = context == null ? Future.fromCompletionStage(found)
        : Future.fromCompletionStage(found, context);
    return lookup.map(key -> key.filter(k -> matches(k, presented)).map(this::accepted).orElse(null));
  }

  /** Forgets what this instance knows of {@code id}: called when this instance revokes it. */
  public void revoked(String id) {
    keys.synchronous().invalidate(id);
    lastWritten.invalidate(id);
  }

  private boolean matches(NamedKey key, String presented) {
    // Hash first, expiry second: both are answered alike, and the compare takes the same time either way.
    boolean same = MessageDigest.isEqual(HexFormat.of().parseHex(key.sha256()), KeySecret.sha256(presented));
    return same && !key.expiredAt(clock.instant());
  }

  private AuthenticatedKey accepted(NamedKey key) {
    Instant now = clock.instant();
    if (lastWritten.asMap().putIfAbsent(key.id(), now) == null) {
      store.touch(key.id(), now).onFailure(e -> {
        lastWritten.invalidate(key.id()); // try again on the next use
        LOG.warn("event=key_last_used_not_written id={} error=\"{}\"", key.id(), e.getMessage());
      });
    }
    return AuthenticatedKey.of(key);
  }
}
