package dev.waymark.storage;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.codec.StringCodec;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Lettuce connection of a small admin-side store (brands, keys, the audit log) to the Redis
 * that holds the links, with the link store's failure behaviour: no call waits longer than about a
 * second when Redis is down, commands fail at once while disconnected, and a write that timed out
 * is never replayed after a reconnect.
 */
public final class RedisConnection {

  private static final Logger LOG = LoggerFactory.getLogger(RedisConnection.class);
  private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(1);
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);

  private final RedisClient client;
  private final StatefulRedisConnection<String, String> connection;
  private final String name;

  private RedisConnection(RedisClient client, StatefulRedisConnection<String, String> connection, String name) {
    this.client = client;
    this.connection = connection;
    this.name = name;
  }

  /**
   * Connects; fails with a message naming the store ({@code name}, e.g. {@code brand}) and the
   * host when Redis cannot be reached.
   */
  public static Future<RedisConnection> open(Vertx vertx, URI redisUrl, String name) {
    Context context = vertx.getOrCreateContext();
    RedisURI uri = RedisURI.create(redisUrl);
    uri.setTimeout(COMMAND_TIMEOUT);
    RedisClient client = RedisClient.create(uri);
    client.setOptions(ClientOptions.builder()
        .autoReconnect(true)
        .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
        .replayFilter(command -> true)
        .timeoutOptions(TimeoutOptions.enabled(COMMAND_TIMEOUT))
        .socketOptions(SocketOptions.builder().connectTimeout(CONNECT_TIMEOUT).keepAlive(true).build())
        .build());
    CompletionStage<RedisConnection> connected = client.connectAsync(StringCodec.UTF8, uri)
        .thenApply(connection -> new RedisConnection(client, connection, name));
    return Future.fromCompletionStage(connected, context)
        .onSuccess(c -> LOG.info("event={}_store_connected kind=redis host={} port={}", name, uri.getHost(),
            uri.getPort()))
        .recover(e -> {
          client.shutdownAsync();
          return Future.failedFuture(new IllegalStateException("Redis " + name + " store at " + uri.getHost() + ":"
              + uri.getPort() + " is unreachable: " + e.getMessage(), e));
        });
  }

  /** The asynchronous commands of the connection; their stages complete on Lettuce threads. */
  public RedisAsyncCommands<String, String> commands() {
    return connection.async();
  }

  /** Completes on the caller's Vert.x context, if it has one, rather than a Lettuce thread. */
  public static <T> Future<T> onCaller(CompletionStage<T> stage) {
    Context context = Vertx.currentContext();
    return context == null ? Future.fromCompletionStage(stage) : Future.fromCompletionStage(stage, context);
  }

  /** Closes the connection and the client; the store is unusable afterwards. */
  public Future<Void> close() {
    CompletionStage<Void> closed = connection.closeAsync()
        .handle((ignored, error) -> null)
        .thenCompose(ignored -> client.shutdownAsync())
        .thenRun(() -> LOG.info("event={}_store_closed kind=redis", name));
    return onCaller(closed);
  }
}
