package dev.waymark.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.waymark.TestRedis;
import io.vertx.core.Vertx;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The audit log contract on a real Redis ({@code WAYMARK_TEST_REDIS_URL}), and its key layout. */
class RedisAuditLogIT extends AuditLogContract {

  @RegisterExtension
  static final TestRedis redis = TestRedis.perClass();

  @Override
  protected AuditLog openEmptyLog(Vertx vertx) throws Exception {
    redis.admin().flushdb();
    return get(RedisAuditLog.connect(vertx, redis.url()));
  }

  @Test
  void entries_liveInOneSortedSet() throws Exception {
    get(log.append(List.of(entry(1, ALICE, AuditAction.CREATE, AuditTarget.LINK, "abc"),
        entry(2, ALICE, AuditAction.CREATE, AuditTarget.LINK, "def"))));

    assertThat(redis.admin().keys("*")).containsExactly("{waymark}:audit");
    assertThat(redis.admin().zcard("{waymark}:audit")).isEqualTo(2);
  }
}
