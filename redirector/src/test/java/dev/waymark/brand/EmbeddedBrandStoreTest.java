package dev.waymark.brand;

import static dev.waymark.brand.BrandFixtures.T0;
import static dev.waymark.brand.BrandFixtures.acme;
import static dev.waymark.brand.BrandFixtures.logoOf;
import static dev.waymark.brand.BrandFixtures.plain;
import static dev.waymark.brand.BrandFixtures.pngLogo;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The brand store contract on an MVStore file, plus what only a file store promises. */
class EmbeddedBrandStoreTest extends BrandStoreContract {

  @TempDir
  Path dir;

  @Override
  protected BrandStore openEmptyStore(Vertx vertx) throws Exception {
    return get(EmbeddedBrandStore.open(vertx, dir.resolve("brands.mv")));
  }

  @Test
  void close_thenReopen_keepsBrandsAndLogos() throws Exception {
    get(store.create(acme("acme")));
    get(store.create(plain("gone")));
    byte[] png = pngLogo();
    Brand withLogo = acme("acme").withLogo(logoOf(png), T0.plusSeconds(1));
    get(store.replaceLogo(acme("acme"), withLogo, png));
    get(store.delete("gone"));
    get(store.close());

    store = get(EmbeddedBrandStore.open(vertx, dir.resolve("brands.mv")));

    assertThat(get(store.list())).containsExactly(withLogo);
    assertThat(get(store.logo(withLogo))).isEqualTo(png);
  }
}
