package dev.waymark;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The tests' Redis ({@code WAYMARK_TEST_REDIS_URL}, started by scripts/test.sh) with a connection
 * of its own for flushing and inspecting what a store wrote. One per test class: either
 * {@code @RegisterExtension static final TestRedis redis = TestRedis.perClass();}, connected
 * before the class's tests and closed after them, or {@link #connect()} and close it yourself.
 */
public final class TestRedis implements AutoCloseable, BeforeAllCallback, AfterAllCallback {

  private URI url;
  private RedisClient client;
  private StatefulRedisConnection<String, String> connection;

  private TestRedis() {}

  private TestRedis open(String url) {
    this.url = URI.create(url);
    this.client = RedisClient.create(url);
    this.connection = client.connect();
    return this;
  }

  /** Connects before the tests of the class that registers it, and closes after them. */
  public static TestRedis perClass() {
    return new TestRedis();
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    open(testRedisUrl());
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (connection != null) {
      close();
    }
  }

  public static TestRedis connect() {
    return new TestRedis().open(testRedisUrl());
  }

  private static String testRedisUrl() {
    String url = System.getenv("WAYMARK_TEST_REDIS_URL");
    if (url == null || url.isBlank()) {
      throw new IllegalStateException("WAYMARK_TEST_REDIS_URL is not set: run `scripts/services.sh"
          + " start` and export the Redis URL it prints as WAYMARK_TEST_REDIS_URL"
          + " (e.g. redis://127.0.0.1:16379/0), or run the tests through scripts/test.sh");
    }
    return url;
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
