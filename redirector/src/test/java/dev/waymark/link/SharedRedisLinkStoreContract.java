package dev.waymark.link;

import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.waymark.TestRedis;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;

/**
 * The link store contract on one of the Redis setups (single, cluster, Sentinel), plus what only a
 * shared, networked store promises: a write through one instance reaches every other's listener.
 */
abstract class SharedRedisLinkStoreContract extends LinkStoreContract {

  protected abstract TestRedis redis();

  @Override
  protected LinkStore openEmptyStore(Vertx vertx) throws Exception {
    redis().admin().flushdb();
    return get(RedisLinkStore.connect(vertx, redis().url()));
  }

  @Test
  void write_throughOneInstance_reachesTheOthersListener() throws Exception {
    LinkStore other = get(RedisLinkStore.connect(vertx, redis().url()));
    try {
      ConcurrentLinkedQueue<String> told = new ConcurrentLinkedQueue<>();
      other.onChange(code -> told.add(code == null ? "<null>" : code));

      get(store.create(link("shared", T0, null)));
      await().atMost(Duration.ofSeconds(1)).until(() -> told.contains("shared"));
      get(store.replace(link("shared", T0, "spring")));
      get(store.delete("shared"));

      await().atMost(Duration.ofSeconds(1)).until(() -> told.stream()
          .filter("shared"::equals).count() == 3);
      assertThat(get(other.find("shared"))).isNull();
    } finally {
      get(other.close());
    }
  }
}
