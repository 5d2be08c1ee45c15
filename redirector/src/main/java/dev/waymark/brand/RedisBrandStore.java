package dev.waymark.brand;

import dev.waymark.redis.RedisEndpoint;
import dev.waymark.storage.LuaScripts;
import dev.waymark.storage.RedisConnection;
import dev.waymark.storage.StoredJson;
import io.lettuce.core.KeyValue;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.net.URI;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Brands on the Redis that holds the links, with the same timeouts as the link store: no call
 * waits longer than about a second when Redis is down, and every write is one atomic script.
 *
 * <p>Keys: {@code {waymark}:brand:<name>} is a hash with the JSON record in field {@code brand}
 * and the base64 logo image in field {@code logo}; {@code {waymark}:brand:_names} is a sorted set
 * of the names (score 0, read in lexical order). Names cannot start with '_' or hold ':', so no
 * brand's key is ever the index or a prefix of another brand's. The {@code {waymark}} hash tag keeps
 * a brand and the index in one cluster slot, as its write scripts need.
 */
public final class RedisBrandStore implements BrandStore {

  private static final StoredJson<Brand> JSON = new StoredJson<>(Brand.class);

  static final String KEY_PREFIX = RedisEndpoint.KEY_PREFIX + "brand:";
  static final String NAMES = KEY_PREFIX + "_names";

  // Brand writes are rare admin calls: EVAL (which Redis caches by digest) is simpler than EVALSHA.
  private static final String WRITE = LuaScripts.read(RedisBrandStore.class, "write-brand.lua");

  private final RedisConnection connection;
  private final RedisClusterAsyncCommands<String, String> redis;

  private RedisBrandStore(RedisConnection connection) {
    this.connection = connection;
    this.redis = connection.commands();
  }

  /** Connects to Redis; fails with a message naming the host when it cannot be reached. */
  public static Future<RedisBrandStore> connect(Vertx vertx, URI redisUrl) {
    return RedisConnection.open(vertx, redisUrl, "brand").map(RedisBrandStore::new);
  }


  @Override
  public Future<Brand> find(String name) {
    return RedisConnection.onCaller(redis.hget(key(name), "brand").thenApply(json -> json == null ? null : JSON.decode(json)));
  }

  @Override
  public Future<List<Brand>> list() {
    CompletionStage<List<Brand>> all = redis.zrange(NAMES, 0, -1).thenCompose(names -> {
      // Lettuce pipelines these on the one connection: one round trip in effect.
      List<CompletableFuture<String>> reads = new ArrayList<>(names.size());
      for (String name : names) {
        reads.add(redis.hget(key(name), "brand").toCompletableFuture());
      }
      return CompletableFuture.allOf(reads.toArray(CompletableFuture[]::new)).thenApply(done -> {
        List<Brand> brands = new ArrayList<>(reads.size());
        for (CompletableFuture<String> read : reads) {
          String json = read.join();
          if (json != null) { // deleted between the two reads
            brands.add(JSON.decode(json));
          }
        }
        return brands;
      });
    });
    return RedisConnection.onCaller(all);
  }

  @Override
  public Future<Boolean> create(Brand brand) {
    BrandWrites.requireCreate(brand);
    return RedisConnection.onCaller(write("", brand, "keep", ""));
  }

  @Override
  public Future<Boolean> replace(Brand expected, Brand next) {
    BrandWrites.requireReplace(expected, next);
    return RedisConnection.onCaller(writeIfEqual(expected, next, "keep", ""));
  }

  @Override
  public Future<Boolean> replaceLogo(Brand expected, Brand next, byte[] image) {
    BrandWrites.requireReplaceLogo(expected, next, image);
    return RedisConnection.onCaller(writeIfEqual(expected, next, image == null ? "drop" : "set",
        image == null ? "" : Base64.getEncoder().encodeToString(image)));
  }

  @Override
  public Future<byte[]> logo(Brand brand) {
    CompletionStage<byte[]> image = redis.hmget(key(brand.name()), "brand", "logo").thenApply(values -> {
      KeyValue<String, String> json = values.get(0);
      KeyValue<String, String> logo = values.get(1);
      // Both fields come from one command, so they belong to the same version of the brand.
      if (brand.logo() == null || !json.hasValue() || !logo.hasValue()
          || !brand.logo().equals(JSON.decode(json.getValue()).logo())) {
        return null;
      }
      return Base64.getDecoder().decode(logo.getValue());
    });
    return RedisConnection.onCaller(image);
  }

  @Override
  public Future<Boolean> delete(String name) {
    CompletionStage<Boolean> deleted = redis.<Long>eval(
            "local n = redis.call('DEL', KEYS[1]); redis.call('ZREM', KEYS[2], ARGV[1]); return n",
            ScriptOutputType.INTEGER, new String[] {key(name), NAMES}, name)
        .thenApply(n -> n == 1L);
    return RedisConnection.onCaller(deleted);
  }

  @Override
  public Future<Boolean> delete(Brand expected) {
    CompletionStage<Boolean> deleted = redis.hget(key(expected.name()), "brand").thenCompose(current -> {
      if (current == null || !JSON.decode(current).equals(expected)) {
        return CompletableFuture.completedFuture(false);
      }
      return redis.<Long>eval(
              "if redis.call('HGET', KEYS[1], 'brand') ~= ARGV[2] then return 0 end;"
                  + " redis.call('DEL', KEYS[1]); redis.call('ZREM', KEYS[2], ARGV[1]); return 1",
              ScriptOutputType.INTEGER, new String[] {key(expected.name()), NAMES}, expected.name(), current)
          .thenApply(n -> n == 1L);
    });
    return RedisConnection.onCaller(deleted);
  }

  @Override
  public Future<Void> close() {
    return connection.close();
  }


  /**
   * Writes {@code next} if the stored brand equals {@code expected}: compared by fields here (a
   * brand stored by an older version may be spelled differently), then by the exact bytes read in
   * the script, so a write landing in between makes it write nothing.
   */
  private CompletionStage<Boolean> writeIfEqual(Brand expected, Brand next, String logoAction, String image) {
    return redis.hget(key(expected.name()), "brand").thenCompose(current -> {
      if (current == null || !JSON.decode(current).equals(expected)) {
        return CompletableFuture.completedFuture(false);
      }
      return write(current, next, logoAction, image);
    });
  }

  private CompletionStage<Boolean> write(String expected, Brand next, String logoAction, String image) {
    return redis.<Long>eval(WRITE, ScriptOutputType.INTEGER, new String[] {key(next.name()), NAMES},
            expected, JSON.encode(next), next.name(), logoAction, image)
        .thenApply(result -> result == 1L);
  }

  static String key(String name) {
    return KEY_PREFIX + name;
  }

}
