package dev.waymark.link;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.waymark.TestRedis;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The link store contract on a real single Redis ({@code WAYMARK_TEST_REDIS_URL}), plus failing
 * fast when Redis goes away and coming back when it returns.
 */
class RedisLinkStoreIT extends SharedRedisLinkStoreContract {

  @RegisterExtension
  static final TestRedis redis = TestRedis.perClass();

  @TempDir
  Path dir;

  @Override
  protected TestRedis redis() {
    return redis;
  }

  @Test
  void scriptsFlushedFromRedis_writesAndListsStillWork() throws Exception {
    get(store.create(link("before", T0, null)));
    redis.admin().scriptFlush();

    assertThat(get(store.create(link("after", T0.plusSeconds(1), null)))).isTrue();
    assertThat(codes(new LinkQuery(null, null, null, 10))).containsExactly("after", "before");
  }

  @Test
  void connect_unreachableRedis_failsWithMessageNamingTheTarget() throws Exception {
    URI nowhere = URI.create("redis://127.0.0.1:" + freePort() + "/0");

    assertThatThrownBy(() -> get(RedisLinkStore.connect(vertx, nowhere)))
        .isInstanceOf(ExecutionException.class)
        .cause()
        .hasMessageContaining("unreachable")
        .hasMessageContaining(nowhere.toString());
  }

  @Test
  void connect_urlWithPassword_keepsPasswordOutOfTheMessage() throws Exception {
    URI nowhere = URI.create("redis://:s3cret@127.0.0.1:" + freePort() + "/0");

    assertThatThrownBy(() -> get(RedisLinkStore.connect(vertx, nowhere)))
        .cause()
        .hasMessageContaining("unreachable")
        .hasMessageNotContaining("s3cret");
  }

  @Test
  void redisStopped_findFailsFastInsteadOfHanging() throws Exception {
    try (ThrowAwayRedis redis = ThrowAwayRedis.start(dir)) {
      LinkStore doomed = get(RedisLinkStore.connect(vertx, redis.url()));
      try {
        get(doomed.create(link("x", T0, null)));

        redis.kill();

        // Well under two seconds either way: rejected while disconnected, or the 1 s timeout.
        assertThatThrownBy(() -> doomed.find("x").toCompletionStage().toCompletableFuture()
            .get(2, SECONDS))
            .isInstanceOf(ExecutionException.class)
            .isNotInstanceOf(TimeoutException.class);
        assertThatThrownBy(() -> doomed.ping().toCompletionStage().toCompletableFuture()
            .get(2, SECONDS))
            .isInstanceOf(ExecutionException.class);
      } finally {
        get(doomed.close());
      }
    }
  }

  @Test
  void redisRestarted_listenersToldAnythingMayHaveChanged_andStoreWorksAgain() throws Exception {
    try (ThrowAwayRedis redis = ThrowAwayRedis.start(dir)) {
      LinkStore survivor = get(RedisLinkStore.connect(vertx, redis.url()));
      try {
        ConcurrentLinkedQueue<String> told = new ConcurrentLinkedQueue<>();
        survivor.onChange(code -> told.add(code == null ? "<null>" : code));

        redis.kill();
        redis.restart();

        await().atMost(Duration.ofSeconds(10)).until(() -> told.contains("<null>"));
        await().atMost(Duration.ofSeconds(5)).ignoreExceptions()
            .until(() -> get(survivor.create(link("back", T0, null))));
        assertThat(get(survivor.find("back"))).isNotNull();
      } finally {
        get(survivor.close());
      }
    }
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  /** A private redis-server on a free loopback port, for tests that stop and start Redis. */
  static final class ThrowAwayRedis implements AutoCloseable {
    private final int port;
    private final Path dir;
    private Process process;

    private ThrowAwayRedis(int port, Path dir) {
      this.port = port;
      this.dir = dir;
    }

    static ThrowAwayRedis start(Path dir) throws IOException {
      ThrowAwayRedis redis = new ThrowAwayRedis(freePort(), dir);
      redis.restart();
      return redis;
    }

    URI url() {
      return URI.create("redis://127.0.0.1:" + port + "/0");
    }

    void restart() throws IOException {
      process = new ProcessBuilder("redis-server", "--port", String.valueOf(port),
          "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir.toString())
          .redirectErrorStream(true)
          .redirectOutput(dir.resolve("redis-" + port + ".log").toFile())
          .start();
      await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> {
        try (Socket socket = new Socket()) {
          socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
          return true;
        }
      });
    }

    void kill() throws InterruptedException {
      process.destroyForcibly();
      process.waitFor(10, SECONDS);
    }

    @Override
    public void close() {
      if (process != null && process.isAlive()) {
        try {
          kill();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }
  }
}
