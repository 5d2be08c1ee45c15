package dev.waymark.brand;

import static dev.waymark.brand.BrandFixtures.T0;
import static dev.waymark.brand.BrandFixtures.acme;
import static dev.waymark.brand.BrandFixtures.logoOf;
import static dev.waymark.brand.BrandFixtures.plain;
import static dev.waymark.brand.BrandFixtures.pngLogo;
import static dev.waymark.brand.BrandFixtures.svgLogo;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The behaviour every {@link BrandStore} must have; each implementation's test extends this with a
 * way to open a fresh, empty store.
 */
@Timeout(value = 30, unit = SECONDS)
public abstract class BrandStoreContract {

  protected Vertx vertx;
  protected BrandStore store;

  /** A store with no brands in it, on {@code vertx}. */
  protected abstract BrandStore openEmptyStore(Vertx vertx) throws Exception;

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
    assertThat(get(store.find("nope"))).isNull();
  }

  @Test
  void create_thenFind_returnsEqualBrand() throws Exception {
    assertThat(get(store.create(acme("acme")))).isTrue();
    assertThat(get(store.find("acme"))).isEqualTo(acme("acme"));
  }

  @Test
  void create_takenName_returnsFalseAndKeepsTheFirst() throws Exception {
    get(store.create(acme("acme")));
    assertThat(get(store.create(plain("acme")))).isFalse();
    assertThat(get(store.find("acme"))).isEqualTo(acme("acme"));
  }

  @Test
  void create_withLogo_isAProgrammingError() {
    Brand withLogo = plain("acme").withLogo(logoOf(pngLogo()), T0);
    assertThatThrownBy(() -> get(store.create(withLogo))).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void list_returnsEveryBrandByName() throws Exception {
    for (String name : List.of("zeta", "acme", "m-1", "0day")) {
      get(store.create(plain(name)));
    }
    assertThat(get(store.list())).extracting(Brand::name).containsExactly("0day", "acme", "m-1", "zeta");
    get(store.delete("m-1"));
    assertThat(get(store.list())).extracting(Brand::name).containsExactly("0day", "acme", "zeta");
  }

  @Test
  void list_empty_returnsEmptyList() throws Exception {
    assertThat(get(store.list())).isEmpty();
  }

  @Test
  void replace_whenUnchanged_writes() throws Exception {
    get(store.create(plain("acme")));
    Brand next = acme("acme");
    assertThat(get(store.replace(plain("acme"), next))).isTrue();
    assertThat(get(store.find("acme"))).isEqualTo(next);
  }

  @Test
  void replace_whenChangedSinceRead_returnsFalseAndWritesNothing() throws Exception {
    get(store.create(plain("acme")));
    Brand read = get(store.find("acme"));
    get(store.replace(read, acme("acme")));

    Brand stale = new Brand("acme", "#222222", "#ffffff", null, "square", "square", "H", 600, 4, 0.2, null, T0, T0);
    assertThat(get(store.replace(read, stale))).isFalse();
    assertThat(get(store.find("acme"))).isEqualTo(acme("acme"));
  }

  @Test
  void replace_missing_returnsFalseAndCreatesNothing() throws Exception {
    assertThat(get(store.replace(plain("ghost"), acme("ghost")))).isFalse();
    assertThat(get(store.find("ghost"))).isNull();
    assertThat(get(store.list())).isEmpty();
  }

  @Test
  void replace_changingTheLogo_isAProgrammingError() throws Exception {
    get(store.create(plain("acme")));
    assertThatThrownBy(() -> get(store.replace(plain("acme"), plain("acme").withLogo(logoOf(pngLogo()), T0))))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void replaceLogo_storesTheImageWithItsDescription() throws Exception {
    get(store.create(plain("acme")));
    byte[] png = pngLogo();
    Brand withLogo = plain("acme").withLogo(logoOf(png), T0.plusSeconds(1));

    assertThat(get(store.replaceLogo(plain("acme"), withLogo, png))).isTrue();

    Brand found = get(store.find("acme"));
    assertThat(found).isEqualTo(withLogo);
    assertThat(get(store.logo(found))).isEqualTo(png);
  }

  @Test
  void replaceLogo_again_replacesTheImage_andTheOldDescriptionNoLongerFindsIt() throws Exception {
    byte[] png = pngLogo();
    Brand first = storedWithLogo(png);
    byte[] svg = svgLogo();
    Brand second = first.withLogo(logoOf(svg), T0.plusSeconds(2));

    assertThat(get(store.replaceLogo(first, second, svg))).isTrue();

    assertThat(get(store.logo(second))).isEqualTo(svg);
    assertThat(get(store.logo(first))).as("an image read for a stale brand").isNull();
  }

  @Test
  void replaceLogo_withNull_removesTheImage() throws Exception {
    byte[] png = pngLogo();
    Brand withLogo = storedWithLogo(png);
    Brand without = withLogo.withLogo(null, T0.plusSeconds(2));

    assertThat(get(store.replaceLogo(withLogo, without, null))).isTrue();

    assertThat(get(store.find("acme")).logo()).isNull();
    assertThat(get(store.logo(withLogo))).isNull();
  }

  @Test
  void replaceLogo_staleExpected_returnsFalseAndKeepsTheImage() throws Exception {
    byte[] png = pngLogo();
    Brand withLogo = storedWithLogo(png);

    byte[] svg = svgLogo();
    assertThat(get(store.replaceLogo(plain("acme"), plain("acme").withLogo(logoOf(svg), T0), svg))).isFalse();

    assertThat(get(store.logo(withLogo))).isEqualTo(png);
  }

  @Test
  void replaceLogo_imageNotDescribed_isAProgrammingError() throws Exception {
    get(store.create(plain("acme")));
    Brand next = plain("acme").withLogo(logoOf(pngLogo()), T0);
    assertThatThrownBy(() -> get(store.replaceLogo(plain("acme"), next, svgLogo())))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void replace_settings_keepsTheStoredImage() throws Exception {
    byte[] png = pngLogo();
    Brand withLogo = storedWithLogo(png);
    Brand recoloured = acme("acme").withLogo(withLogo.logo(), T0.plusSeconds(2));

    assertThat(get(store.replace(withLogo, recoloured))).isTrue();

    assertThat(get(store.logo(recoloured))).isEqualTo(png);
  }

  @Test
  void delete_removesBrandAndLogo_andARecreatedBrandHasNoLogo() throws Exception {
    byte[] png = pngLogo();
    Brand withLogo = storedWithLogo(png);

    assertThat(get(store.delete("acme"))).isTrue();
    assertThat(get(store.delete("acme"))).isFalse();
    assertThat(get(store.find("acme"))).isNull();
    assertThat(get(store.logo(withLogo))).isNull();

    get(store.create(plain("acme")));
    assertThat(get(store.logo(withLogo))).isNull();
    assertThat(get(store.list())).extracting(Brand::name).containsExactly("acme");
  }

  @Test
  void concurrentReplaces_ofOneRead_exactlyOneWins() throws Exception {
    get(store.create(plain("acme")));
    Brand read = get(store.find("acme"));
    List<Future<Boolean>> attempts = IntStream.range(0, 8).mapToObj(i -> store.replace(read,
        new Brand("acme", "#10000" + i, "#ffffff", null, "square", "square", "M", 512, 4, 0.2, null, T0, T0)))
        .toList();
    long won = 0;
    for (Future<Boolean> attempt : attempts) {
      won += get(attempt) ? 1 : 0;
    }
    assertThat(won).isEqualTo(1);
  }

  @Test
  void futures_calledOnAContext_completeOnThatContext() throws Exception {
    get(store.create(plain("acme")));
    Context context = vertx.getOrCreateContext();
    CompletableFuture<Boolean> sameContext = new CompletableFuture<>();
    context.runOnContext(v -> store.find("acme").onComplete(ar ->
        sameContext.complete(Vertx.currentContext() == context)));
    assertThat(sameContext.get(5, SECONDS)).isTrue();
  }

  /** Stores brand "acme" with default settings and {@code image} as its logo; returns it as stored. */
  Brand storedWithLogo(byte[] image) throws Exception {
    get(store.create(plain("acme")));
    Brand withLogo = plain("acme").withLogo(logoOf(image), T0.plusSeconds(1));
    assertThat(get(store.replaceLogo(plain("acme"), withLogo, image))).isTrue();
    return withLogo;
  }

  public static <T> T get(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(5, SECONDS);
  }
}
