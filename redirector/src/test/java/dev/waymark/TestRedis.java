package dev.waymark;

import dev.waymark.redis.RedisEndpoint;
import dev.waymark.redis.RedisSession;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import io.lettuce.core.codec.StringCodec;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One of the tests' Redis setups, started by scripts/test.sh: the single Redis
 * ({@code WAYMARK_TEST_REDIS_URL}), the 3-master cluster ({@code WAYMARK_TEST_REDIS_CLUSTER_URL})
 * or the Sentinel setup ({@code WAYMARK_TEST_REDIS_SENTINEL_URL}), with a connection of its own for
 * flushing and inspecting what a store wrote (in a cluster, FLUSHDB and KEYS reach every master).
 * One per test class: either {@code @RegisterExtension static final TestRedis redis =
 * TestRedis.perClass();}, connected before the class's tests and closed after them, or
 * {@link #connect()} and close it yourself.
 */
public final class TestRedis implements AutoCloseable, BeforeAllCallback, AfterAllCallback {

  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  private final String variable;
  private URI url;
  private RedisEndpoint.Client client;
  private RedisSession<String, String> session;

  private TestRedis(String variable) {
    this.variable = variable;
  }

  private TestRedis open() {
    this.url = URI.create(testUrl(variable));
    this.client = RedisEndpoint.parse(url).client(null, TIMEOUT, TIMEOUT);
    this.session = client.connect(StringCodec.UTF8).join();
    return this;
  }

  /** The single Redis, connected before the tests of the class that registers it, closed after them. */
  public static TestRedis perClass() {
    return new TestRedis("WAYMARK_TEST_REDIS_URL");
  }

  /** The Redis Cluster, as {@link #perClass()}. */
  public static TestRedis clusterPerClass() {
    return new TestRedis("WAYMARK_TEST_REDIS_CLUSTER_URL");
  }

  /** The Sentinel setup, as {@link #perClass()}. */
  public static TestRedis sentinelPerClass() {
    return new TestRedis("WAYMARK_TEST_REDIS_SENTINEL_URL");
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    open();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (session != null) {
      close();
    }
  }

  public static TestRedis connect() {
    return perClass().open();
  }

  private static String testUrl(String variable) {
    String url = System.getenv(variable);
    if (url == null || url.isBlank()) {
      throw new IllegalStateException(variable + " is not set: run the tests through scripts/test.sh, or"
          + " `scripts/services.sh start [redis-cluster|redis-sentinel]` and export the URL it prints"
          + " (e.g. redis://127.0.0.1:16379/0) as " + variable);
    }
    return url;
  }

  public URI url() {
    return url;
  }

  /** Commands on the test's own connection, not the store's. */
  public RedisClusterCommands<String, String> admin() {
    return session.sync();
  }

  @Override
  public void close() {
    session.closeAsync().join();
    client.shutdownNow();
  }
}
