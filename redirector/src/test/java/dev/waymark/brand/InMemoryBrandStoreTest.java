package dev.waymark.brand;

import io.vertx.core.Vertx;

/** The in-memory store the admin tests use passes the same contract as the real ones. */
class InMemoryBrandStoreTest extends BrandStoreContract {

  @Override
  protected BrandStore openEmptyStore(Vertx vertx) {
    return new InMemoryBrandStore();
  }
}
