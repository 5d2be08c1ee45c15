package dev.waymark.hit.enrich;

import dev.waymark.redis.RedisEndpoint;
import dev.waymark.redis.RedisSession;
import io.lettuce.core.SetArgs;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.random.RandomGenerator;

/**
 * Visitor-id salts kept in the Redis that the redirectors share, so every instance counts the
 * same person as one visitor. The first instance to ask for a period's salt creates it ({@code SET
 * NX}); Redis deletes it when it expires, two days (daily) or about two months (monthly) later, so
 * visitor ids of older periods can no longer be linked to anyone.
 *
 * <p>Blocking (Lettuce's sync API): it is called from the sink thread only, never an event loop.
 */
public final class RedisSaltStore implements SaltStore, AutoCloseable {

  private static final int SALT_BYTES = 32;
  private static final Duration DAILY_TTL = Duration.ofDays(2);
  private static final Duration MONTHLY_TTL = Duration.ofDays(62);

  private static final Duration TIMEOUT = Duration.ofSeconds(2);

  private final RedisEndpoint.Client client;
  private final RedisSession<byte[], byte[]> connection;
  private final RandomGenerator random;
  private final Map<String, byte[]> known = new ConcurrentHashMap<>();

  private RedisSaltStore(RedisEndpoint.Client client, RandomGenerator random) {
    this.client = client;
    this.connection = client.connect(ByteArrayCodec.INSTANCE).join();
    this.random = random;
  }

  /**
   * Connects to the Redis of a {@code WAYMARK_REDIS_URL} (one server, a cluster or through
   * Sentinel: each salt is one key, so any slot will do); fails at once when Redis does not answer.
   */
  public static RedisSaltStore connect(URI redisUrl) {
    return connect(redisUrl, new SecureRandom());
  }

  static RedisSaltStore connect(URI redisUrl, RandomGenerator random) {
    RedisEndpoint.Client client = RedisEndpoint.parse(redisUrl).client(null, TIMEOUT, TIMEOUT);
    try {
      return new RedisSaltStore(client, random);
    } catch (RuntimeException e) {
      client.shutdownNow();
      throw e;
    }
  }

  @Override
  public byte[] daily(LocalDate day) {
    return salt(RedisEndpoint.KEY_PREFIX + "salt:daily:" + day, DAILY_TTL);
  }

  @Override
  public byte[] monthly(YearMonth month) {
    return salt(RedisEndpoint.KEY_PREFIX + "salt:monthly:" + month, MONTHLY_TTL);
  }

  private byte[] salt(String key, Duration ttl) {
    byte[] salt = known.get(key);
    if (salt != null) {
      return salt;
    }
    RedisClusterCommands<byte[], byte[]> redis = connection.sync();
    byte[] name = key.getBytes(StandardCharsets.US_ASCII);
    byte[] fresh = new byte[SALT_BYTES];
    random.nextBytes(fresh);
    // Whoever sets it first wins; everybody else reads the winner's salt.
    redis.set(name, fresh, SetArgs.Builder.nx().ex(ttl));
    salt = redis.get(name);
    if (salt == null || salt.length != SALT_BYTES) {
      throw new IllegalStateException("salt " + key + " missing or malformed in Redis");
    }
    // A period's salt is only asked for during that period (and shortly after), so the map
    // stays tiny; drop other periods' copies so an expired salt does not live on here.
    String period = key.substring(0, key.lastIndexOf(':') + 1);
    known.keySet().removeIf(k -> k.startsWith(period));
    known.put(key, salt);
    return salt;
  }

  @Override
  public void close() {
    connection.closeAsync().join();
    client.shutdownNow();
  }
}
