package dev.waymark.audit;

import dev.waymark.redis.RedisEndpoint;
import dev.waymark.storage.RedisConnection;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.ScoredValue;
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
 * The audit log on the Redis that holds the links: one sorted set, {@value #KEY}, whose members
 * are {@code <id> <entry JSON>} all at score 0, so Redis keeps them in id order, that is in time
 * order, and reads a page ({@code ZREVRANGEBYLEX}) or drops everything older than the retention
 * ({@code ZREMRANGEBYLEX}) in one command each. Same timeouts as the link store: no call waits
 * longer than about a second when Redis is down.
 */
public final class RedisAuditLog implements AuditLog {

  static final String KEY = RedisEndpoint.KEY_PREFIX + "audit";

  /** Members read per round trip while a page fills. */
  private static final int READ_BATCH = 250;

  /** Above this many entries (an import), they are encoded on a worker thread, not the caller's event loop. */
  static final int INLINE_ENCODE_MAX = 32;

  private final Vertx vertx;
  private final RedisConnection connection;
  private final RedisClusterAsyncCommands<String, String> redis;

  private RedisAuditLog(Vertx vertx, RedisConnection connection) {
    this.vertx = vertx;
    this.connection = connection;
    this.redis = connection.commands();
  }

  /** Connects to Redis; fails with a message naming the host when it cannot be reached. */
  public static Future<RedisAuditLog> connect(Vertx vertx, URI redisUrl) {
    return RedisConnection.open(vertx, redisUrl, "audit").map(c -> new RedisAuditLog(vertx, c));
  }


  @Override
  @SuppressWarnings("unchecked")
  public Future<Void> append(List<AuditEntry> entries) {
    if (entries.isEmpty()) {
      return Future.succeededFuture();
    }
    Future<ScoredValue<String>[]> members = entries.size() <= INLINE_ENCODE_MAX
        ? Future.succeededFuture(members(entries))
        : vertx.executeBlocking(() -> members(entries), false);
    return members.compose(m -> RedisConnection.onCaller(redis.zadd(KEY, m).thenApply(added -> null)));
  }

  @SuppressWarnings("unchecked")
  private static ScoredValue<String>[] members(List<AuditEntry> entries) {
    return entries.stream().map(e -> ScoredValue.just(0, e.id() + " " + e.toJson())).toArray(ScoredValue[]::new);
  }

  @Override
  public Future<AuditPage> query(AuditQuery query) {
    String lower = query.lowerBound();
    String upper = query.upperBound();
    List<AuditEntry> page = new ArrayList<>();
    return RedisConnection.onCaller(read(query, lower, upper, page, 0));
  }

  /** Reads members below {@code upper} (exclusive) in batches until the page is full, the range ends or the scan budget is spent. */
  private CompletionStage<AuditPage> read(AuditQuery query, String lower, String upper, List<AuditEntry> page,
      int scanned) {
    Range<String> range = range(lower, upper);
    int batch = Math.min(READ_BATCH, AuditQuery.SCAN_LIMIT - scanned);
    return redis.zrevrangebylex(KEY, range, Limit.create(0, batch)).thenCompose(members -> {
      String last = null;
      int seen = scanned;
      for (int k = 0; k < members.size(); k++) {
        String member = members.get(k);
        AuditEntry entry = AuditEntry.fromJson(member.substring(member.indexOf(' ') + 1));
        last = entry.id();
        seen++;
        if (query.matches(entry)) {
          page.add(entry);
          if (page.size() == query.limit()) {
            String cursor = last;
            if (k < members.size() - 1) {
              return CompletableFuture.completedFuture(new AuditPage(page, cursor));
            }
            if (members.size() < batch) {
              return CompletableFuture.completedFuture(new AuditPage(page, null));
            }
            return redis.zrevrangebylex(KEY, range(lower, cursor), Limit.create(0, 1))
                .thenApply(next -> new AuditPage(page, next.isEmpty() ? null : cursor));
          }
        }
      }
      if (members.size() < batch) {
        return CompletableFuture.completedFuture(new AuditPage(page, null));
      }
      if (seen >= AuditQuery.SCAN_LIMIT) {
        return CompletableFuture.completedFuture(new AuditPage(page, last));
      }
      return read(query, lower, last, page, seen);
    });
  }

  /** Members from {@code lower} (inclusive) to below {@code upper}; {@code null} = unbounded. */
  private static Range<String> range(String lower, String upper) {
    return Range.from(
        lower == null ? Range.Boundary.unbounded() : Range.Boundary.including(lower),
        upper == null ? Range.Boundary.unbounded() : Range.Boundary.excluding(upper));
  }

  @Override
  public Future<Long> removeBefore(Instant cutoff) {
    Range<String> older = Range.from(Range.Boundary.unbounded(), Range.Boundary.excluding(AuditIds.prefix(cutoff)));
    return RedisConnection.onCaller(redis.zremrangebylex(KEY, older));
  }

  @Override
  public Future<Void> close() {
    return connection.close();
  }


}
