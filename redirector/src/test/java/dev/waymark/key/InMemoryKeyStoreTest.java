package dev.waymark.key;

import io.vertx.core.Vertx;

/** The test double the admin tests use keeps the same contract as the real stores. */
class InMemoryKeyStoreTest extends KeyStoreContract {

  @Override
  protected KeyStore openEmptyStore(Vertx vertx) {
    return new InMemoryKeyStore();
  }
}
