package dev.waymark.hit.enrich;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.net.URI;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RedisSaltStoreIT {

  private static final LocalDate DAY = LocalDate.of(2026, 3, 14);
  private StatefulRedisConnection<String, String> admin;
  private RedisClient adminClient;

  static URI redisUrl() {
    String url = System.getenv("WAYMARK_TEST_REDIS_URL");
    if (url == null || url.isBlank()) {
      throw new IllegalStateException("WAYMARK_TEST_REDIS_URL is not set: run scripts/test.sh, or "
          + "eval \"$(scripts/services.sh start)\" and export WAYMARK_TEST_REDIS_URL=$WAYMARK_REDIS_URL");
    }
    return URI.create(url);
  }

  @BeforeEach
  void flush() {
    adminClient = RedisClient.create(redisUrl().toString());
    admin = adminClient.connect();
    admin.sync().flushdb();
  }

  @AfterEach
  void close() {
    admin.close();
    adminClient.shutdown();
  }

  @Test
  void twoInstances_getTheSameSaltForAPeriod_theFirstOneWins() {
    try (RedisSaltStore a = RedisSaltStore.connect(redisUrl(), new Random(1));
        RedisSaltStore b = RedisSaltStore.connect(redisUrl(), new Random(2))) {
      byte[] fromA = a.daily(DAY);
      assertThat(b.daily(DAY)).isEqualTo(fromA).hasSize(32);
      assertThat(b.monthly(YearMonth.from(DAY))).isEqualTo(a.monthly(YearMonth.from(DAY)));
      assertThat(a.daily(DAY.plusDays(1))).isNotEqualTo(fromA);
      assertThat(a.monthly(YearMonth.from(DAY))).isNotEqualTo(fromA);
    }
  }

  @Test
  void salts_expireOnTheirOwn_soOldVisitorIdsCannotBeLinked() {
    try (RedisSaltStore store = RedisSaltStore.connect(redisUrl())) {
      store.daily(DAY);
      store.monthly(YearMonth.from(DAY));
    }
    long dailyTtl = admin.sync().ttl("{waymark}:salt:daily:" + DAY);
    long monthlyTtl = admin.sync().ttl("{waymark}:salt:monthly:" + YearMonth.from(DAY));
    assertThat(dailyTtl).isBetween(1L, 2 * 86_400L);
    assertThat(monthlyTtl).isBetween(2 * 86_400L, 62 * 86_400L);
  }
}
