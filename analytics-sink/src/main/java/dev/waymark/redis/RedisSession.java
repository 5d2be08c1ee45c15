package dev.waymark.redis;

import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import java.util.concurrent.CompletableFuture;

/**
 * One connection to a {@link RedisEndpoint}, seen through the commands a single server, a cluster
 * and a sentinel-managed master share ({@link RedisClusterAsyncCommands}): in a cluster they are
 * routed by key slot, so a multi-key command or script must name keys of one slot.
 */
public final class RedisSession<K, V> {

  private final StatefulConnection<K, V> connection;
  private final RedisClusterAsyncCommands<K, V> async;
  private final RedisClusterCommands<K, V> sync;

  private RedisSession(StatefulConnection<K, V> connection, RedisClusterAsyncCommands<K, V> async,
      RedisClusterCommands<K, V> sync) {
    this.connection = connection;
    this.async = async;
    this.sync = sync;
  }

  static <K, V> RedisSession<K, V> of(StatefulRedisConnection<K, V> connection) {
    return new RedisSession<>(connection, connection.async(), connection.sync());
  }

  static <K, V> RedisSession<K, V> of(StatefulRedisClusterConnection<K, V> connection) {
    return new RedisSession<>(connection, connection.async(), connection.sync());
  }

  /** Asynchronous commands; their stages complete on Lettuce's threads. */
  public RedisClusterAsyncCommands<K, V> async() {
    return async;
  }

  /** Blocking commands, for threads that may wait (never an event loop). */
  public RedisClusterCommands<K, V> sync() {
    return sync;
  }

  public CompletableFuture<Void> closeAsync() {
    return connection.closeAsync();
  }
}
