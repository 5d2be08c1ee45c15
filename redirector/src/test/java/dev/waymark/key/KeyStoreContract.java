package dev.waymark.key;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link KeyStore} promises; each implementation runs it against a real backend. */
public abstract class KeyStoreContract {

  static final Instant T0 = Instant.parse("2026-12-07T12:00:00Z");

  protected Vertx vertx;
  protected KeyStore store;

  protected abstract KeyStore openEmptyStore(Vertx vertx) throws Exception;

  static NamedKey key(String id, String name, Set<Scope> scopes) {
    return new NamedKey(id, name, scopes, T0, T0.plusSeconds(3600), null, KeySecret.sha256Hex("wmk_" + id));
  }

  static NamedKey reader(String id) {
    return key(id, "reader " + id, Set.of(Scope.LINKS_READ));
  }

  @BeforeEach
  void openStore() throws Exception {
    vertx = Vertx.vertx(new VertxOptions().setBlockedThreadCheckInterval(100)
        .setMaxEventLoopExecuteTime(100).setMaxEventLoopExecuteTimeUnit(TimeUnit.MILLISECONDS));
    store = openEmptyStore(vertx);
  }

  @AfterEach
  void closeStore() throws Exception {
    try {
      if (store != null) {
        get(store.close());
      }
    } finally {
      get(vertx.close());
    }
  }

  @Test
  void find_missing_returnsNull() throws Exception {
    assertThat(get(store.find("aaaaaaaaaaaa"))).isNull();
  }

  @Test
  void create_thenFind_returnsEqualKey_withEveryField() throws Exception {
    NamedKey key = new NamedKey("k1aaaaaaaaaa", "CI pipeline — eu", EnumSet.of(Scope.LINKS_WRITE, Scope.STATS_READ),
        T0, T0.plusSeconds(60), null, KeySecret.sha256Hex("secret"));
    assertThat(get(store.create(key))).isTrue();
    assertThat(get(store.find(key.id()))).isEqualTo(key);
  }

  @Test
  void create_withoutExpiry_keepsNoExpiry() throws Exception {
    NamedKey key = new NamedKey("k2aaaaaaaaaa", "forever", Set.of(Scope.KEYS_ADMIN), T0, null, null,
        KeySecret.sha256Hex("s"));
    get(store.create(key));
    assertThat(get(store.find(key.id())).expiresAt()).isNull();
  }

  @Test
  void create_takenId_returnsFalseAndKeepsTheFirst() throws Exception {
    get(store.create(reader("k3aaaaaaaaaa")));
    NamedKey other = key("k3aaaaaaaaaa", "other", Set.of(Scope.KEYS_ADMIN));
    assertThat(get(store.create(other))).isFalse();
    assertThat(get(store.find("k3aaaaaaaaaa"))).isEqualTo(reader("k3aaaaaaaaaa"));
  }

  @Test
  void list_returnsEveryKey_andDeletedOnesNoMore() throws Exception {
    for (String id : List.of("zzzzzzzzzzzz", "aaaaaaaaaaaa", "m00000000000")) {
      get(store.create(reader(id)));
    }
    assertThat(get(store.list())).extracting(NamedKey::id)
        .containsExactlyInAnyOrder("zzzzzzzzzzzz", "aaaaaaaaaaaa", "m00000000000");
    assertThat(get(store.delete("m00000000000"))).isTrue();
    assertThat(get(store.list())).extracting(NamedKey::id).containsExactlyInAnyOrder("zzzzzzzzzzzz", "aaaaaaaaaaaa");
  }

  @Test
  void list_empty_returnsEmptyList() throws Exception {
    assertThat(get(store.list())).isEmpty();
  }

  @Test
  void delete_removesTheKey_andASecondDeleteFindsNothing() throws Exception {
    get(store.create(reader("k4aaaaaaaaaa")));
    assertThat(get(store.delete("k4aaaaaaaaaa"))).isTrue();
    assertThat(get(store.delete("k4aaaaaaaaaa"))).isFalse();
    assertThat(get(store.find("k4aaaaaaaaaa"))).isNull();
  }

  @Test
  void touch_recordsLastUse_onlyForward() throws Exception {
    get(store.create(reader("k5aaaaaaaaaa")));
    get(store.touch("k5aaaaaaaaaa", T0.plusSeconds(120)));
    assertThat(get(store.find("k5aaaaaaaaaa")).lastUsedAt()).isEqualTo(T0.plusSeconds(120));
    get(store.touch("k5aaaaaaaaaa", T0.plusSeconds(60))); // a slower instance's older use
    assertThat(get(store.find("k5aaaaaaaaaa")).lastUsedAt()).isEqualTo(T0.plusSeconds(120));
    assertThat(get(store.list()).get(0).lastUsedAt()).isEqualTo(T0.plusSeconds(120));
  }

  @Test
  void touch_ofARevokedKey_doesNotBringItBack() throws Exception {
    get(store.create(reader("k6aaaaaaaaaa")));
    get(store.delete("k6aaaaaaaaaa"));
    get(store.touch("k6aaaaaaaaaa", T0.plusSeconds(1)));
    assertThat(get(store.find("k6aaaaaaaaaa"))).isNull();
    assertThat(get(store.list())).isEmpty();
  }

  @Test
  void futures_calledOnAContext_completeOnThatContext() throws Exception {
    get(store.create(reader("k7aaaaaaaaaa")));
    Context context = vertx.getOrCreateContext();
    CompletableFuture<Boolean> sameContext = new CompletableFuture<>();
    context.runOnContext(v -> store.find("k7aaaaaaaaaa").onComplete(ar ->
        sameContext.complete(Vertx.currentContext() == context)));
    assertThat(sameContext.get(5, SECONDS)).isTrue();
  }

  public static <T> T get(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(5, SECONDS);
  }
}
