package dev.waymark;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.net.URI;
import java.time.Duration;

/**
 * The tests' Redis ({@code WAYMARK_TEST_REDIS_URL}, started by scripts/test.sh) with a connection
 * of its own for flushing and inspecting what a store wrote. One per test class.
 */
public final class TestRedis implements AutoCloseable {

  private final URI url;
  private final RedisClient client;
  private final StatefulRedisConnection<String, String> connection;

  private TestRedis(String url) {
    this.url = URI.create(url);
    this.client = RedisClient.create(url);
    this.connection = client.connect();
  }

  public static TestRedis connect() {
    String url = System.getenv("WAYMARK_TEST_REDIS_URL");
    if (url == null || url.isBlank()) {
      throw new IllegalStateException("WAYMARK_TEST_REDIS_URL is not set: run `scripts/services.sh"
          + " start` and export the Redis URL it prints as WAYMARK_TEST_REDIS_URL"
          + " (e.g. redis://127.0.0.1:16379/0), or run the tests through scripts/test.sh");
    }
    return new TestRedis(url);
  }

  public URI url() {
    return url;
  }

  /** Commands on the test's own connection, not the store's. */
  public RedisCommands<String, String> admin() {
    return connection.sync();
  }

  @Override
  public void close() {
    connection.close();
    client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
  }
}
