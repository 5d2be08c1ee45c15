package dev.waymark.key;

import static org.assertj.core.api.Assertions.assertThat;

import dev.waymark.TestRedis;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The key store contract on a real Redis ({@code WAYMARK_TEST_REDIS_URL}), and its key layout. */
class RedisKeyStoreIT extends KeyStoreContract {

  @RegisterExtension
  static final TestRedis redis = TestRedis.perClass();

  @Override
  protected KeyStore openEmptyStore(Vertx vertx) throws Exception {
    redis.admin().flushdb();
    return get(RedisKeyStore.connect(vertx, redis.url()));
  }

  @Test
  void keys_liveUnderTheKeyPrefix_holdNoSecret_andDeleteLeavesNone() throws Exception {
    get(store.create(reader("abcabcabcabc")));
    get(store.touch("abcabcabcabc", T0.plusSeconds(1)));

    assertThat(redis.admin().keys("*")).containsExactlyInAnyOrder("{waymark}:key:abcabcabcabc", "{waymark}:key:_ids");
    assertThat(redis.admin().hkeys("{waymark}:key:abcabcabcabc")).containsExactlyInAnyOrder("key", "lastUsedAt");
    assertThat(redis.admin().hget("{waymark}:key:abcabcabcabc", "key"))
        .contains(KeySecret.sha256Hex("wmk_abcabcabcabc")).doesNotContain("\"lastUsedAt\":\"");

    get(store.delete("abcabcabcabc"));
    assertThat(redis.admin().keys("*")).isEmpty();
  }
}
