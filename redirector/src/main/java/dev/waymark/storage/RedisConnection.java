package dev.waymark.storage;

import dev.waymark.redis.RedisEndpoint;
import dev.waymark.redis.RedisSession;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Lettuce connection of a small admin-side store (brands, keys, the audit log) to the Redis
 * that holds the links (one server, a cluster or through Sentinel: {@link RedisEndpoint}), with
 * the link store's failure behaviour: no call waits longer than about a second when Redis is down,
 * commands fail at once while disconnected, and a write that timed out is never replayed after a
 * reconnect.
 */
public final class RedisConnection {

  private static final Logger LOG = LoggerFactory.getLogger(RedisConnection.class);
  private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(1);
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);

  private final RedisEndpoint.Client client;
  private final RedisSession<String, String> session;
  private final String name;
  /** The subscription of {@link #subscribe}, closed with the connection; {@code null} until then. */
  private volatile StatefulRedisPubSubConnection<String, String> subscription;

  private RedisConnection(RedisEndpoint.Client client, RedisSession<String, String> session, String name) {
    this.client = client;
    this.session = session;
    this.name = name;
  }

  /**
   * Connects; fails with a message naming the store ({@code name}, e.g. {@code brand}) and the
   * endpoint when Redis cannot be reached.
   */
  public static Future<RedisConnection> open(Vertx vertx, URI redisUrl, String name) {
    Context context = vertx.getOrCreateContext();
    RedisEndpoint endpoint;
    try {
      endpoint = RedisEndpoint.parse(redisUrl);
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(e);
    }
    RedisEndpoint.Client client = endpoint.client(null, COMMAND_TIMEOUT, CONNECT_TIMEOUT);
    CompletionStage<RedisConnection> connected = client.connect(StringCodec.UTF8)
        .thenApply(session -> new RedisConnection(client, session, name));
    return Future.fromCompletionStage(connected, context)
        .onSuccess(c -> LOG.info("event={}_store_connected kind=redis url={}", name, endpoint))
        .recover(e -> {
          client.shutdown();
          return Future.failedFuture(new IllegalStateException("Redis " + name + " store at " + endpoint
              + " is unreachable: " + e.getMessage(), e));
        });
  }

  /** The asynchronous commands of the connection; their stages complete on Lettuce threads. */
  public RedisClusterAsyncCommands<String, String> commands() {
    return session.async();
  }

  /** Completes on the caller's Vert.x context, if it has one, rather than a Lettuce thread. */
  public static <T> Future<T> onCaller(CompletionStage<T> stage) {
    Context context = Vertx.currentContext();
    return context == null ? Future.fromCompletionStage(stage) : Future.fromCompletionStage(stage, context);
  }

  /**
   * Subscribes to {@code channel} on a connection of its own (once per store): {@code listener}
   * gets each message, on a Lettuce thread, and {@code null} each time the subscription comes back
   * after a reconnect, because whatever was published meanwhile is lost.
   */
  public Future<Void> subscribe(String channel, Consumer<String> listener) {
    AtomicBoolean subscribedBefore = new AtomicBoolean();
    CompletionStage<Void> subscribed = client.connectPubSub(StringCodec.UTF8).thenCompose(pubSub -> {
      subscription = pubSub;
      pubSub.addListener(new RedisPubSubAdapter<>() {
        @Override
        public void message(String from, String message) {
          listener.accept(message);
        }

        @Override
        public void subscribed(String from, long count) {
          if (subscribedBefore.getAndSet(true)) {
            LOG.info("event={}_changes_resubscribed channel={}", name, from);
            listener.accept(null);
          }
        }
      });
      return pubSub.async().subscribe(channel).thenApply(ignored -> (Void) null);
    });
    return onCaller(subscribed);
  }

  /** Closes the connection and the client; the store is unusable afterwards. */
  public Future<Void> close() {
    StatefulRedisPubSubConnection<String, String> pubSub = subscription;
    CompletableFuture<Void> closed = (pubSub == null ? CompletableFuture.<Void>completedFuture(null)
            : pubSub.closeAsync().handle((ignored, error) -> (Void) null))
        .thenCompose(ignored -> session.closeAsync())
        .handle((ignored, error) -> null)
        .thenCompose(ignored -> client.shutdown())
        .thenRun(() -> LOG.info("event={}_store_closed kind=redis", name));
    return onCaller(closed);
  }
}
