package dev.waymark.audit;

import dev.waymark.TestRedis;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The audit log contract on the Sentinel setup of scripts/test.sh. */
class SentinelAuditLogIT extends AuditLogContract {

  @RegisterExtension
  static final TestRedis redis = TestRedis.sentinelPerClass();

  @Override
  protected AuditLog openEmptyLog(Vertx vertx) throws Exception {
    redis.admin().flushdb();
    return get(RedisAuditLog.connect(vertx, redis.url()));
  }
}
