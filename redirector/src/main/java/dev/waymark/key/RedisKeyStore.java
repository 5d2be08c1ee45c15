package dev.waymark.key;

import dev.waymark.redis.RedisEndpoint;
import dev.waymark.storage.RedisConnection;
import dev.waymark.storage.StoredJson;
import io.lettuce.core.KeyValue;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Named keys on the Redis that holds the links, with the same timeouts as the link store: no call
 * waits longer than about a second when Redis is down, and every write is one atomic command or script.
 *
 * <p>Keys: {@code {waymark}:key:<id>} is a hash with the JSON record in field {@code key} and the
 * last-used time (epoch milliseconds) in field {@code lastUsedAt}, kept apart so that recording a
 * use never rewrites the record; {@code {waymark}:key:_ids} is a sorted set of the ids (score 0), in the same cluster slot (the
 * {@code {waymark}} hash tag) as the keys, since create and delete change both in one script.
 * Ids are {@code [0-9a-z]}, so no key's Redis key is ever the index.
 */
public final class RedisKeyStore implements KeyStore {

  private static final StoredJson<NamedKey> JSON = new StoredJson<>(NamedKey.class);

  static final String KEY_PREFIX = RedisEndpoint.KEY_PREFIX + "key:";
  static final String IDS = KEY_PREFIX + "_ids";

  private static final String CREATE =
      "if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end "
          + "redis.call('HSET', KEYS[1], 'key', ARGV[1]) redis.call('ZADD', KEYS[2], 0, ARGV[2]) return 1";
  private static final String DELETE =
      "local n = redis.call('DEL', KEYS[1]) redis.call('ZREM', KEYS[2], ARGV[1]) return n";
  // Only forward, and never onto a key that was revoked meanwhile (HSET would bring back a hash).
  private static final String TOUCH =
      "if redis.call('HEXISTS', KEYS[1], 'key') == 0 then return 0 end "
          + "local last = tonumber(redis.call('HGET', KEYS[1], 'lastUsedAt') or '0') "
          + "if tonumber(ARGV[1]) <= last then return 0 end "
          + "redis.call('HSET', KEYS[1], 'lastUsedAt', ARGV[1]) return 1";

  private final RedisConnection connection;
  private final RedisClusterAsyncCommands<String, String> redis;

  private RedisKeyStore(RedisConnection connection) {
    this.connection = connection;
    this.redis = connection.commands();
  }

  /** Connects to Redis; fails with a message naming the host when it cannot be reached. */
  public static Future<RedisKeyStore> connect(Vertx vertx, URI redisUrl) {
    return RedisConnection.open(vertx, redisUrl, "key").map(RedisKeyStore::new);
  }


  @Override
  public Future<NamedKey> find(String id) {
    return RedisConnection.onCaller(read(id).toCompletableFuture());
  }

  @Override
  public Future<List<NamedKey>> list() {
    CompletionStage<List<NamedKey>> all = redis.zrange(IDS, 0, -1).thenCompose(ids -> {
      // Lettuce pipelines these on the one connection: one round trip in effect.
      List<CompletableFuture<NamedKey>> reads = new ArrayList<>(ids.size());
      for (String id : ids) {
        reads.add(read(id).toCompletableFuture());
      }
      return CompletableFuture.allOf(reads.toArray(CompletableFuture[]::new)).thenApply(done -> {
        List<NamedKey> keys = new ArrayList<>(reads.size());
        for (CompletableFuture<NamedKey> read : reads) {
          NamedKey key = read.join();
          if (key != null) { // deleted between the two reads
            keys.add(key);
          }
        }
        return keys;
      });
    });
    return RedisConnection.onCaller(all);
  }

  @Override
  public Future<Boolean> create(NamedKey key) {
    String json = JSON.encode(key.withLastUsedAt(null));
    return RedisConnection.onCaller(redis.<Long>eval(CREATE, ScriptOutputType.INTEGER, new String[] {key(key.id()), IDS},
        json, key.id()).thenApply(n -> n == 1L));
  }

  @Override
  public Future<Boolean> delete(String id) {
    return RedisConnection.onCaller(redis.<Long>eval(DELETE, ScriptOutputType.INTEGER, new String[] {key(id), IDS}, id)
        .thenApply(n -> n == 1L));
  }

  @Override
  public Future<Void> touch(String id, Instant at) {
    return RedisConnection.onCaller(redis.<Long>eval(TOUCH, ScriptOutputType.INTEGER, new String[] {key(id)},
        Long.toString(at.toEpochMilli())).thenApply(n -> (Void) null));
  }

  @Override
  public Future<Void> close() {
    return connection.close();
  }


  private CompletionStage<NamedKey> read(String id) {
    return redis.hmget(key(id), "key", "lastUsedAt").thenApply(values -> {
      KeyValue<String, String> json = values.get(0);
      if (!json.hasValue()) {
        return null;
      }
      KeyValue<String, String> lastUsed = values.get(1);
      NamedKey key = JSON.decode(json.getValue());
      return lastUsed.hasValue() ? key.withLastUsedAt(Instant.ofEpochMilli(Long.parseLong(lastUsed.getValue()))) : key;
    });
  }

  static String key(String id) {
    return KEY_PREFIX + id;
  }

}
