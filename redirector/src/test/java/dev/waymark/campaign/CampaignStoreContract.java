package dev.waymark.campaign;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The behaviour every {@link CampaignStore} must have; each implementation's test extends this with
 * a way to open a fresh, empty store.
 */
@Timeout(value = 30, unit = SECONDS)
public abstract class CampaignStoreContract {

  static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

  protected Vertx vertx;
  protected CampaignStore store;
  /** What {@link #store}'s listeners heard, in order. */
  protected final List<String> heard = new CopyOnWriteArrayList<>();

  /** A store with no campaign settings in it, on {@code vertx}. */
  protected abstract CampaignStore openEmptyStore(Vertx vertx) throws Exception;

  static Campaign campaign(String name, boolean conversions) {
    return new Campaign(name, conversions, T0, T0);
  }

  @BeforeEach
  void openStore() throws Exception {
    vertx = Vertx.vertx(new VertxOptions().setBlockedThreadCheckInterval(100)
        .setMaxEventLoopExecuteTime(100).setMaxEventLoopExecuteTimeUnit(TimeUnit.MILLISECONDS));
    store = openEmptyStore(vertx);
    store.onChange(heard::add);
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
  void find_missing_returnsNull_listEmpty() throws Exception {
    assertThat(get(store.find("spring"))).isNull();
    assertThat(get(store.list())).isEmpty();
  }

  @Test
  void put_new_thenFindAndList_returnEqualSettings() throws Exception {
    assertThat(get(store.put(null, campaign("spring", true)))).isTrue();
    assertThat(get(store.put(null, campaign("autumn", false)))).isTrue();

    assertThat(get(store.find("spring"))).isEqualTo(campaign("spring", true));
    assertThat(get(store.list())).containsExactly(campaign("autumn", false), campaign("spring", true));
  }

  @Test
  void anyNameALinkCampaignMayHave_roundTrips() throws Exception {
    Campaign odd = campaign("Spring Sale: 50% off / {waymark}:links \"ünïcode\" ✓", true);
    assertThat(get(store.put(null, odd))).isTrue();
    assertThat(get(store.find(odd.name()))).isEqualTo(odd);
    assertThat(get(store.list())).containsExactly(odd);
  }

  @Test
  void put_newOverExisting_returnsFalseAndKeepsTheFirst() throws Exception {
    get(store.put(null, campaign("spring", true)));
    assertThat(get(store.put(null, campaign("spring", false)))).isFalse();
    assertThat(get(store.find("spring"))).isEqualTo(campaign("spring", true));
  }

  @Test
  void put_compareAndSet_writesOnlyOverWhatItRead() throws Exception {
    Campaign first = campaign("spring", true);
    get(store.put(null, first));
    Campaign second = first.withConversions(false, T0.plusSeconds(1));
    assertThat(get(store.put(first, second))).isTrue();
    assertThat(get(store.put(first, first.withConversions(true, T0.plusSeconds(2))))).as("stale").isFalse();
    assertThat(get(store.find("spring"))).isEqualTo(second);
    assertThat(get(store.put(campaign("gone", true), campaign("gone", false)))).as("absent").isFalse();
    assertThat(get(store.find("gone"))).isNull();
  }

  @Test
  void put_toAnotherName_isRefusedBeforeWriting() {
    assertThatThrownBy(() -> store.put(campaign("spring", true), campaign("autumn", true)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void delete_onlyWhatItRead() throws Exception {
    get(store.put(null, campaign("spring", true)));
    assertThat(get(store.delete(campaign("spring", false)))).as("stale").isFalse();
    assertThat(get(store.find("spring"))).isNotNull();
    assertThat(get(store.delete(campaign("spring", true)))).isTrue();
    assertThat(get(store.find("spring"))).isNull();
    assertThat(get(store.delete(campaign("spring", true)))).as("gone").isFalse();
    assertThat(get(store.list())).isEmpty();
  }

  @Test
  void concurrentCompareAndSets_exactlyOneWins() throws Exception {
    Campaign read = campaign("spring", false);
    get(store.put(null, read));
    List<Future<Boolean>> attempts = IntStream.range(0, 8)
        .mapToObj(i -> store.put(read, read.withConversions(i % 2 == 0, T0.plusSeconds(i + 1)))).toList();
    long won = 0;
    for (Future<Boolean> attempt : attempts) {
      won += get(attempt) ? 1 : 0;
    }
    assertThat(won).isEqualTo(1);
  }

  @Test
  void listeners_hearEveryWriteThatWasMade_andNoRefusedOne() throws Exception {
    get(store.put(null, campaign("spring", true)));
    get(store.put(null, campaign("spring", false))); // refused
    get(store.put(campaign("spring", true), campaign("spring", false)));
    get(store.delete(campaign("autumn", true))); // refused
    get(store.delete(campaign("spring", false)));

    // Redis also echoes each write back over pub/sub: at least once each, in order, nothing else.
    await().atMost(Duration.ofSeconds(1)).untilAsserted(() ->
        assertThat(heard.stream().distinct()).containsExactly("spring"));
    assertThat(heard.size()).isBetween(3, 6);
  }

  @Test
  void futures_calledOnAContext_completeOnThatContext() throws Exception {
    get(store.put(null, campaign("spring", true)));
    Context context = vertx.getOrCreateContext();
    CompletableFuture<Boolean> sameContext = new CompletableFuture<>();
    context.runOnContext(v -> store.find("spring").onComplete(ar ->
        sameContext.complete(Vertx.currentContext() == context)));
    assertThat(sameContext.get(5, SECONDS)).isTrue();
  }

  public static <T> T get(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(5, SECONDS);
  }
}
