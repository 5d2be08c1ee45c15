package dev.waymark.routing;

import dev.waymark.redis.RedisEndpoint;
import dev.waymark.redis.RedisSession;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.codec.StringCodec;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shared hit counts in Redis: one hash per code, {@code {waymark}:hits:<code>}, holding each
 * live counter's count and their {@code total}. All keys carry the project's hash tag, so a batch
 * of codes is one script on one slot of a cluster, and Sentinel and Cluster work unchanged.
 *
 * <p>It connects through {@link RedisEndpoint} itself, with the failure behaviour of the stores'
 * {@code RedisConnection} (1 s command time-out, commands refused at once while disconnected), rather
 * than through that class: {@code storage} depends on {@code link}, which depends on {@code routing}.
 */
final class RedisHitCounts implements HitCountStore {

  private static final Logger LOG = LoggerFactory.getLogger(RedisHitCounts.class);
  private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(1);
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
  /** Longer than the command time-out, so the command's own failure comes first. */
  private static final long WAIT_MILLIS = 1_500;

  // A counter is raised, never lowered, so a sync sent again after a time-out counts nothing twice.
  // The count is written as sent (ARGV), not as a Lua number, which would print large ones as 1e+14.
  private static final String SYNC = """
      local totals = {}
      for i, key in ipairs(KEYS) do
        local field, count = ARGV[2 * i - 1], tonumber(ARGV[2 * i])
        local before = tonumber(redis.call('HGET', key, field) or '0')
        if count > before then
          redis.call('HSET', key, field, ARGV[2 * i])
          totals[i] = redis.call('HINCRBY', key, 'total', count - before)
        else
          totals[i] = tonumber(redis.call('HGET', key, 'total') or '0')
        end
      end
      return totals
      """;

  private static final String RETIRE = """
      for i, key in ipairs(KEYS) do
        redis.call('HDEL', key, ARGV[i])
      end
      return #KEYS
      """;

  private final RedisEndpoint.Client client;
  private final RedisSession<String, String> session;

  private RedisHitCounts(RedisEndpoint.Client client, RedisSession<String, String> session) {
    this.client = client;
    this.session = session;
  }

  /**
   * Connects to the Redis of {@code redisUrl} (any of {@link RedisEndpoint}'s three forms); fails
   * with a message naming the endpoint when it cannot be reached.
   */
  static Future<RedisHitCounts> connect(Vertx vertx, URI redisUrl) {
    Context context = vertx.getOrCreateContext();
    RedisEndpoint endpoint;
    try {
      endpoint = RedisEndpoint.parse(redisUrl);
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(e);
    }
    RedisEndpoint.Client client = endpoint.client(null, COMMAND_TIMEOUT, CONNECT_TIMEOUT);
    CompletableFuture<RedisHitCounts> connected = client.connect(StringCodec.UTF8)
        .thenApply(session -> new RedisHitCounts(client, session));
    return Future.fromCompletionStage(connected, context)
        .onSuccess(c -> LOG.info("event=hit_caps_connected url={}", endpoint))
        .recover(e -> {
          client.shutdown();
          return Future.failedFuture(new IllegalStateException(
              "Redis for hit limits at " + endpoint + " is unreachable: " + e.getMessage(), e));
        });
  }

  static String key(String code) {
    return RedisEndpoint.KEY_PREFIX + "hits:" + code;
  }

  @Override
  public List<Long> sync(List<HitCount> counts) throws Exception {
    String[] keys = new String[counts.size()];
    String[] args = new String[2 * counts.size()];
    for (int i = 0; i < counts.size(); i++) {
      HitCount count = counts.get(i);
      keys[i] = key(count.code());
      args[2 * i] = count.field();
      args[2 * i + 1] = Long.toString(count.count());
    }
    return session.async().<List<Long>>eval(SYNC, ScriptOutputType.MULTI, keys, args)
        .get(WAIT_MILLIS, TimeUnit.MILLISECONDS);
  }

  @Override
  public void retire(List<HitCount> counts) throws Exception {
    String[] keys = new String[counts.size()];
    String[] fields = new String[counts.size()];
    for (int i = 0; i < counts.size(); i++) {
      keys[i] = key(counts.get(i).code());
      fields[i] = counts.get(i).field();
    }
    session.async().<Long>eval(RETIRE, ScriptOutputType.INTEGER, keys, fields)
        .get(WAIT_MILLIS, TimeUnit.MILLISECONDS);
  }

  @Override
  public Future<Void> close() {
    CompletableFuture<Void> closed = session.closeAsync()
        .handle((ignored, error) -> null)
        .thenCompose(ignored -> client.shutdown());
    return Future.fromCompletionStage(closed);
  }
}
