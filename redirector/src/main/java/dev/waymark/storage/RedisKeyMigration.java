package dev.waymark.storage;

import dev.waymark.redis.RedisEndpoint;
import dev.waymark.redis.RedisSession;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import io.lettuce.core.codec.StringCodec;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Renames the keys of versions before cluster support ({@code waymark:...}) to the hash-tagged
 * layout ({@code {waymark}:...}, {@link RedisEndpoint#KEY_PREFIX}), so a Redis that older versions
 * wrote keeps working. Idempotent, and safe to run from several instances at once: every key is
 * checked and moved inside one script, so no lock is needed. Blocking: call it off event loops.
 *
 * <p>A marker key records that a Redis was migrated, so a start-up after that costs one GET
 * instead of a SCAN over every key; {@code waymark redis migrate} scans regardless, for keys an
 * instance of an older version wrote after the marker was set (during a rolling upgrade).
 *
 * <p>A Redis Cluster is never migrated in place: old versions refused clusters, so old keys reach
 * one only if copied there, and RENAME cannot move a key across slots. It is checked instead, and
 * a cluster holding old keys is refused with what to do.
 */
public final class RedisKeyMigration {

  /** Present once a Redis is on the hash-tagged layout. */
  public static final String MARKER = RedisEndpoint.KEY_PREFIX + "layout";
  private static final String LAYOUT = "hash-tagged";

  private static final Logger LOG = LoggerFactory.getLogger(RedisKeyMigration.class);
  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  private static final int BATCH = 500;
  private static final String RENAME = LuaScripts.read(RedisKeyMigration.class, "rename-legacy-keys.lua");

  /** What one run did. */
  public record Result(long moved, long merged, long kept, boolean skipped) {

    @Override
    public String toString() {
      return skipped ? "already migrated (marker " + MARKER + " set)"
          : "moved " + moved + " keys, merged " + merged + " lists, left " + kept
              + " old keys whose new name already held a value";
    }
  }

  private RedisKeyMigration() {}

  /** At start-up: migrates unless the marker says this Redis already was. */
  public static Result onStart(URI redisUrl) {
    return run(redisUrl, false);
  }

  /** For {@code waymark redis migrate}: scans for old keys even when the marker is set. */
  public static Result always(URI redisUrl) {
    return run(redisUrl, true);
  }

  private static Result run(URI redisUrl, boolean evenIfMarked) {
    RedisEndpoint endpoint = RedisEndpoint.parse(redisUrl);
    RedisEndpoint.Client client = endpoint.client(null, TIMEOUT, TIMEOUT);
    try {
      RedisSession<String, String> session = client.connect(StringCodec.UTF8).join();
      try {
        RedisClusterCommands<String, String> redis = session.sync();
        if (!evenIfMarked && LAYOUT.equals(redis.get(MARKER))) {
          return new Result(0, 0, 0, true);
        }
        Result result = endpoint.mode() == RedisEndpoint.Mode.CLUSTER ? checkCluster(redis, endpoint) : migrate(redis);
        redis.set(MARKER, LAYOUT);
        if (result.moved() + result.merged() + result.kept() > 0) {
          LOG.info("event=redis_keys_migrated url={} moved={} merged={} kept={}", endpoint, result.moved(),
              result.merged(), result.kept());
        }
        if (result.kept() > 0) {
          LOG.warn("event=redis_keys_left url={} count={} reason=new_name_taken pattern={}*", endpoint,
              result.kept(), RedisEndpoint.LEGACY_KEY_PREFIX);
        }
        return result;
      } finally {
        session.closeAsync().join();
      }
    } finally {
      client.shutdownNow();
    }
  }

  private static Result migrate(RedisClusterCommands<String, String> redis) {
    long moved = 0;
    long merged = 0;
    long kept = 0;
    ScanArgs match = ScanArgs.Builder.matches(RedisEndpoint.LEGACY_KEY_PREFIX + "*").limit(BATCH);
    KeyScanCursor<String> cursor = redis.scan(match);
    while (true) {
      List<String> keys = cursor.getKeys();
      if (!keys.isEmpty()) {
        List<Long> counts = redis.eval(RENAME, ScriptOutputType.MULTI, keys.toArray(String[]::new),
            RedisEndpoint.KEY_PREFIX, String.valueOf(RedisEndpoint.LEGACY_KEY_PREFIX.length()));
        moved += counts.get(0);
        merged += counts.get(1);
        kept += counts.get(2);
      }
      if (cursor.isFinished()) {
        return new Result(moved, merged, kept, false);
      }
      cursor = redis.scan(ScanCursor.of(cursor.getCursor()), match);
    }
  }

  private static Result checkCluster(RedisClusterCommands<String, String> redis, RedisEndpoint endpoint) {
    // The cluster client's SCAN walks every master in turn.
    KeyScanCursor<String> found = redis.scan(
        ScanArgs.Builder.matches(RedisEndpoint.LEGACY_KEY_PREFIX + "*").limit(BATCH));
    while (found.getKeys().isEmpty() && !found.isFinished()) {
      found = redis.scan(found, ScanArgs.Builder.matches(RedisEndpoint.LEGACY_KEY_PREFIX + "*").limit(BATCH));
    }
    if (!found.getKeys().isEmpty()) {
      throw new IllegalStateException("the Redis Cluster at " + endpoint + " holds keys of the layout before"
          + " cluster support (e.g. " + found.getKeys().get(0) + "); run `waymark redis migrate` against the"
          + " single Redis they came from, then copy the {waymark}:* keys into the cluster");
    }
    return new Result(0, 0, 0, false);
  }

}
