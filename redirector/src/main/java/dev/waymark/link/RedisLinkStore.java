package dev.waymark.link;

import dev.waymark.redis.RedisEndpoint;
import dev.waymark.redis.RedisSession;
import io.lettuce.core.KeyValue;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The link store of record on Redis: each write changes the link, its list indices and publishes
 * its code in one atomic script, every instance sharing the Redis hears of every write, and no
 * call waits longer than about a second when Redis is down.
 *
 * <p>Keys: {@code {waymark}:link:<code>} holds the link as {@link LinkJson}; the sorted sets
 * {@code {waymark}:links}, {@code {waymark}:links:campaign:<campaign>} and
 * {@code {waymark}:links:tag:<tag>} and {@code {waymark}:touchpoints:<link code>} hold {@link LinkQuery#sortKey} members at score 0, read
 * newest first with ZREVRANGEBYLEX; all in one cluster slot ({@link RedisLinkKeys}). Change
 * messages go to {@code waymark:link-changes}: a channel, not a key, so no slot; in a cluster a
 * PUBLISH reaches the subscribers on every node.
 */
public final class RedisLinkStore implements LinkStore {

  /** The pub/sub channel every write publishes its code on. */
  public static final String CHANGES_CHANNEL = "waymark:link-changes";

  private static final Logger LOG = LoggerFactory.getLogger(RedisLinkStore.class);
  private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(1);
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
  // A compare-and-set write loses only to another write of the same code; this many losses in a
  // row means something is rewriting it in a loop.
  private static final int MAX_WRITE_ATTEMPTS = 16;
  private static final LuaScript WRITE = LuaScript.load("write-link.lua");
  private static final LuaScript LIST = LuaScript.load("list-links.lua");

  private final String target;
  private final ClientResources resources;
  private final RedisEndpoint.Client client;
  private final StatefulRedisPubSubConnection<String, String> changes;
  private final RedisClusterAsyncCommands<String, String> redis;
  private final LinkChangeListeners listeners = new LinkChangeListeners();
  private final AtomicBoolean subscribedBefore = new AtomicBoolean();

  private RedisLinkStore(String target, ClientResources resources, RedisEndpoint.Client client,
      RedisSession<String, String> session, StatefulRedisPubSubConnection<String, String> changes) {
    this.target = target;
    this.resources = resources;
    this.client = client;
    this.changes = changes;
    this.redis = session.async();
  }

  /**
   * Connects to Redis (one server, a cluster or through Sentinel: {@link RedisEndpoint}) and
   * subscribes to change messages; fails with a message naming the target when Redis cannot be
   * reached.
   */
  public static Future<RedisLinkStore> connect(Vertx vertx, URI redisUrl) {
    Context context = vertx.getOrCreateContext();
    RedisEndpoint endpoint;
    try {
      endpoint = RedisEndpoint.parse(redisUrl);
    } catch (RuntimeException e) {
      return Future.failedFuture(new IllegalArgumentException("Redis URL is not valid: " + e.getMessage(), e));
    }
    String target = endpoint.toString();
    ClientResources resources = ClientResources.builder()
        .ioThreadPoolSize(2)
        .computationThreadPoolSize(2)
        // Come back within about two seconds of Redis returning, instead of Lettuce's 30 s cap.
        .reconnectDelay(Delay.exponential(
            Duration.ofMillis(50), Duration.ofSeconds(2), 2, TimeUnit.MILLISECONDS))
        .build();
    RedisEndpoint.Client client = endpoint.client(resources, COMMAND_TIMEOUT, CONNECT_TIMEOUT);

    CompletableFuture<RedisLinkStore> started = client.connect(StringCodec.UTF8)
        .thenCompose(session -> client.connectPubSub(StringCodec.UTF8)
            .thenApply(changes -> new RedisLinkStore(target, resources, client, session, changes)))
        .thenCompose(store -> store.subscribe().thenApply(ignored -> store));
    CompletableFuture<RedisLinkStore> checked = started.handle((store, error) -> {
      if (error == null) {
        LOG.info("event=link_store_connected kind=redis mode={} url={}", endpoint.mode(), target);
        return CompletableFuture.completedFuture(store);
      }
      Throwable cause = error instanceof CompletionException && error.getCause() != null
          ? error.getCause() : error;
      return shutdown(client, resources).<RedisLinkStore>handle((ignored, e) -> {
        throw new IllegalStateException("Redis link store at " + target + " is unreachable: "
            + cause.getMessage() + " (check WAYMARK_REDIS_URL and that Redis is running)", cause);
      });
    }).thenCompose(stage -> stage);
    return Future.fromCompletionStage(checked, context);
  }

  @Override
  public Future<Link> find(String code) {
    return onCaller(redis.get(RedisLinkKeys.link(code))
        .thenApply(json -> json == null ? null : LinkJson.decode(json)));
  }

  @Override
  public Future<Boolean> create(Link link) {
    return onCaller(swap(link.code(), null, null, link));
  }

  /**
   * Every link's create script goes out at once without waiting for the previous answer (Lettuce
   * pipelines what is sent on one connection), and Redis runs them in order, so a code taken by
   * an earlier link of the same call is reported as taken.
   */
  @Override
  public Future<List<Boolean>> createAll(List<Link> links) {
    List<CompletableFuture<Boolean>> writes = new ArrayList<>(links.size());
    for (Link link : links) {
      writes.add(swap(link.code(), null, null, link).toCompletableFuture());
    }
    return onCaller(CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new))
        .thenApply(done -> writes.stream().map(CompletableFuture::join).toList()));
  }

  @Override
  public Future<Boolean> replace(Link link) {
    return onCaller(swapCurrent(link.code(), link, 1));
  }

  @Override
  public Future<Boolean> replace(Link expected, Link next) {
    Link.requireSameCode(expected, next);
    return onCaller(swapIfEqual(expected, next));
  }

  @Override
  public Future<Boolean> delete(String code) {
    return onCaller(swapCurrent(code, null, 1));
  }

  @Override
  public Future<Boolean> delete(Link expected) {
    return onCaller(swapIfEqual(expected, null));
  }

  @Override
  public Future<LinkPage> list(LinkQuery query) {
    String walk = query.link() != null ? RedisLinkKeys.touchpoints(query.link())
        : query.campaign() != null ? RedisLinkKeys.campaign(query.campaign())
        : query.tag() != null ? RedisLinkKeys.tag(query.tag()) : RedisLinkKeys.ALL;
    String[] keys = query.campaign() != null && query.tag() != null
        ? new String[] {walk, RedisLinkKeys.tag(query.tag())}
        : new String[] {walk};
    String max = query.cursor() == null ? "+" : "(" + query.cursor();
    CompletionStage<LinkPage> page = LIST.<List<Object>>run(redis, ScriptOutputType.MULTI, keys,
            max, String.valueOf(query.limit() + 1))
        .thenCompose(members -> load(members, query.limit()));
    return onCaller(page);
  }

  @Override
  public Future<Void> ping() {
    return onCaller(redis.ping().thenApply(pong -> null));
  }

  @Override
  public void onChange(Consumer<String> listener) {
    listeners.add(listener);
  }

  @Override
  public Future<Void> close() {
    CompletableFuture<Void> closed = changes.closeAsync()
        .handle((ignored, error) -> null)
        .thenCompose(ignored -> shutdown(client, resources))
        .thenRun(() -> LOG.info("event=link_store_closed kind=redis url={}", target));
    return onCaller(closed);
  }

  private CompletableFuture<Void> subscribe() {
    changes.addListener(new RedisPubSubAdapter<>() {
      @Override
      public void message(String channel, String code) {
        listeners.changed(code);
      }

      @Override
      public void subscribed(String channel, long count) {
        // Lettuce resubscribes after a reconnect; whatever was published while we were away is
        // lost, so tell listeners everything may have changed only now that we hear again.
        if (subscribedBefore.getAndSet(true)) {
          LOG.info("event=link_changes_resubscribed url={} channel={}", target, channel);
          listeners.changed(null);
        }
      }
    });
    return changes.async().subscribe(CHANGES_CHANNEL).toCompletableFuture();
  }

  /** Reads the current value and swaps it for {@code next}, again if another write came first. */
  private CompletionStage<Boolean> swapCurrent(String code, Link next, int attempt) {
    return redis.get(RedisLinkKeys.link(code)).thenCompose(current -> {
      if (current == null) {
        return CompletableFuture.completedFuture(false);
      }
      return swap(code, current, LinkJson.decode(current), next).thenCompose(written -> {
        if (written) {
          return CompletableFuture.completedFuture(true);
        }
        if (attempt >= MAX_WRITE_ATTEMPTS) {
          return CompletableFuture.failedFuture(new IllegalStateException("link " + code
              + " changed concurrently " + attempt + " times in a row; not written"));
        }
        return swapCurrent(code, next, attempt + 1);
      });
    });
  }

  /**
   * Swaps in {@code next} (null = delete) if the stored link equals {@code expected}: the script
   * compares the exact bytes read here, so a write landing between this read and the script makes
   * it write nothing.
   */
  private CompletionStage<Boolean> swapIfEqual(Link expected, Link next) {
    String code = expected.code();
    return redis.get(RedisLinkKeys.link(code)).thenCompose(current -> {
      if (current == null) {
        return CompletableFuture.completedFuture(false);
      }
      Link stored = LinkJson.decode(current);
      if (!stored.equals(expected)) {
        return CompletableFuture.completedFuture(false);
      }
      return swap(code, current, stored, next);
    });
  }

  /**
   * Writes {@code next} (null = delete) when the link key still holds {@code expected} (null =
   * absent), moving the index entries of {@code old} to those of {@code next}.
   */
  private CompletionStage<Boolean> swap(String code, String expected, Link old, Link next) {
    List<String> keys = new ArrayList<>();
    keys.add(RedisLinkKeys.link(code));
    List<String> oldIndices = old == null ? List.of() : RedisLinkKeys.indices(old);
    keys.addAll(oldIndices);
    if (next != null) {
      keys.addAll(RedisLinkKeys.indices(next));
    }
    return WRITE.<Long>run(redis, ScriptOutputType.INTEGER, keys.toArray(String[]::new),
            expected == null ? "" : expected,
            next == null ? "" : LinkJson.encode(next),
            old == null ? "" : LinkQuery.sortKey(old),
            String.valueOf(oldIndices.size()),
            next == null ? "" : LinkQuery.sortKey(next),
            CHANGES_CHANNEL,
            code)
        .thenApply(result -> {
          boolean written = result == 1L;
          if (written) {
            // Our own listeners hear it now; the pub/sub echo follows and is harmless.
            listeners.changed(code);
          }
          return written;
        });
  }

  private CompletionStage<LinkPage> load(List<Object> members, int limit) {
    List<String> page = new ArrayList<>(limit);
    for (int i = 0; i < members.size() && i < limit; i++) {
      page.add((String) members.get(i));
    }
    String next = members.size() > limit ? page.get(limit - 1) : null;
    if (page.isEmpty()) {
      return CompletableFuture.completedFuture(new LinkPage(List.of(), null));
    }
    String[] keys = page.stream().map(RedisLinkKeys::linkOfMember).toArray(String[]::new);
    return redis.mget(keys).thenApply(values -> {
      List<Link> links = new ArrayList<>(values.size());
      for (KeyValue<String, String> value : values) {
        // A link deleted between the index read and this read is simply not on the page.
        if (value.hasValue()) {
          links.add(LinkJson.decode(value.getValue()));
        }
      }
      return new LinkPage(links, next);
    });
  }


  /** Completes on the caller's Vert.x context, if it has one, rather than a Lettuce thread. */
  private static <T> Future<T> onCaller(CompletionStage<T> stage) {
    Context context = Vertx.currentContext();
    return context == null
        ? Future.fromCompletionStage(stage)
        : Future.fromCompletionStage(stage, context);
  }

  private static CompletableFuture<Void> shutdown(RedisEndpoint.Client client, ClientResources resources) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    client.shutdown()
        .handle((ignored, error) -> null)
        // Not from the client's own threads: they belong to the resources being shut down.
        .thenRunAsync(() -> resources.shutdown(0, 1, TimeUnit.SECONDS).addListener(f -> {
          if (f.isSuccess()) {
            done.complete(null);
          } else {
            done.completeExceptionally(f.cause());
          }
        }));
    return done;
  }
}
