package dev.waymark.admin.key;

import dev.waymark.key.AuthenticatedKey;
import dev.waymark.key.NamedKey;
import dev.waymark.key.Scope;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * A key as the admin API lists it: never its secret, nor the secret's hash. The bootstrap key is
 * listed as {@code bootstrap: true}, without times (it lives outside the key store).
 */
record KeyView(String id, String name, List<String> scopes, boolean bootstrap, Instant createdAt,
               Instant expiresAt, Instant lastUsedAt) {

  static KeyView of(NamedKey k) {
    return new KeyView(k.id(), k.name(), wireNames(k.scopes()), false, k.createdAt(), k.expiresAt(), k.lastUsedAt());
  }

  static final KeyView BOOTSTRAP = new KeyView(AuthenticatedKey.BOOTSTRAP_ID, AuthenticatedKey.BOOTSTRAP.name(),
      wireNames(AuthenticatedKey.BOOTSTRAP.scopes()), true, null, null, null);

  static List<String> wireNames(Set<Scope> scopes) {
    return scopes.stream().map(Scope::wireName).toList();
  }

  /** Every key, the bootstrap key first. */
  record Page(List<KeyView> keys) {}

  /** A key just created: the one answer that carries the key itself. */
  record Created(String id, String name, List<String> scopes, Instant createdAt, Instant expiresAt, String key) {}
}
