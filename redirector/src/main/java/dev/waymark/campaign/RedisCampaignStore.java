package dev.waymark.campaign;

import dev.waymark.redis.RedisEndpoint;
import dev.waymark.storage.LuaScripts;
import dev.waymark.storage.RedisConnection;
import dev.waymark.storage.StoredJson;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.net.URI;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * Campaign settings on the Redis that holds the links, with the same timeouts as the other small
 * stores (no call waits longer than about a second when Redis is down); each write is one script
 * that compares, writes and publishes the campaign's name on {@link #CHANGES_CHANNEL}.
 *
 * <p>Keys: {@code {waymark}:campaigns} is one hash, field = campaign name, value = the JSON record.
 * One key because campaigns with settings are few and are always read whole at start; any name a
 * link's campaign may have is a valid hash field. Notices go to a channel of their own rather than
 * the links' one, whose every message is a code that each cache drops.
 */
public final class RedisCampaignStore implements CampaignStore {

  /** The pub/sub channel every write publishes the campaign's name on. */
  public static final String CHANGES_CHANNEL = "waymark:campaign-changes";
  static final String KEY = RedisEndpoint.KEY_PREFIX + "campaigns";

  private static final StoredJson<Campaign> JSON = new StoredJson<>(Campaign.class);
  // Campaign writes are rare admin calls: EVAL (which Redis caches by digest) is simpler than EVALSHA.
  private static final String WRITE = LuaScripts.read(RedisCampaignStore.class, "write-campaign.lua");

  private final RedisConnection connection;
  private final RedisClusterAsyncCommands<String, String> redis;
  private final CampaignChangeListeners listeners = new CampaignChangeListeners();

  private RedisCampaignStore(RedisConnection connection) {
    this.connection = connection;
    this.redis = connection.commands();
  }

  /**
   * Connects to Redis and subscribes to change notices; fails with a message naming the endpoint
   * when Redis cannot be reached.
   */
  public static Future<RedisCampaignStore> connect(Vertx vertx, URI redisUrl) {
    return RedisConnection.open(vertx, redisUrl, "campaign").compose(connection -> {
      RedisCampaignStore store = new RedisCampaignStore(connection);
      return connection.subscribe(CHANGES_CHANNEL, store.listeners::changed)
          .map(store)
          .recover(e -> connection.close().transform(closed -> Future.failedFuture(e)));
    });
  }

  @Override
  public Future<Campaign> find(String name) {
    return RedisConnection.onCaller(redis.hget(KEY, name).thenApply(json -> json == null ? null : JSON.decode(json)));
  }

  @Override
  public Future<List<Campaign>> list() {
    return RedisConnection.onCaller(redis.hvals(KEY).thenApply(values -> {
      List<Campaign> all = new ArrayList<>(values.size());
      values.forEach(json -> all.add(JSON.decode(json)));
      all.sort(Comparator.comparing(Campaign::name));
      return all;
    }));
  }

  @Override
  public Future<Boolean> put(Campaign expected, Campaign next) {
    CampaignWrites.requireSameName(expected, next);
    return RedisConnection.onCaller(writeIfEqual(next.name(), expected, JSON.encode(next)));
  }

  @Override
  public Future<Boolean> delete(Campaign expected) {
    return RedisConnection.onCaller(writeIfEqual(expected.name(), expected, ""));
  }

  @Override
  public void onChange(Consumer<String> listener) {
    listeners.add(listener);
  }

  @Override
  public Future<Void> close() {
    return connection.close();
  }

  /**
   * Writes {@code json} ({@code ""} = delete) if the stored settings equal {@code expected}:
   * compared by fields here (a record stored by an older version may be spelled differently), then
   * by the exact bytes read in the script, so a write landing in between makes it write nothing.
   */
  private CompletionStage<Boolean> writeIfEqual(String name, Campaign expected, String json) {
    return redis.hget(KEY, name).thenCompose(current -> {
      boolean matches = current == null ? expected == null : expected != null && JSON.decode(current).equals(expected);
      if (!matches) {
        return CompletableFuture.completedFuture(false);
      }
      return redis.<Long>eval(WRITE, ScriptOutputType.INTEGER, new String[] {KEY},
              name, current == null ? "" : current, json, CHANGES_CHANNEL)
          .thenApply(result -> {
            boolean written = result == 1L;
            if (written) {
              // This instance hears it now; the pub/sub echo follows and is harmless.
              listeners.changed(name);
            }
            return written;
          });
    });
  }
}
