package dev.waymark.audit;

import dev.waymark.key.AuthenticatedKey;
import io.vertx.ext.web.RoutingContext;
import java.util.Objects;

/**
 * The API key an admin change was made with, by id and by name; never the key's secret.
 *
 * @param id the key's stable id
 * @param name the name the key was given
 */
public record AuditActor(String id, String name) {

  /** The bootstrap key (WAYMARK_ADMIN_API_KEY, or the one printed at first start). */
  public static final AuditActor BOOTSTRAP = new AuditActor(AuthenticatedKey.BOOTSTRAP_ID, "bootstrap");
  /** Stands for a change made without an authenticated key, which routing never lets happen. */
  static final AuditActor UNAUTHENTICATED = new AuditActor("none", "unauthenticated");

  public AuditActor {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(name, "name");
  }

  /** The key the request was authenticated with, as the auth handler put it on the context. */
  public static AuditActor of(RoutingContext ctx) {
    AuthenticatedKey key = AuthenticatedKey.of(ctx);
    // Every admin write is behind authentication; a change without a key would be a routing bug,
    // recorded as such rather than pinned on a key that did not make it.
    return key == null ? UNAUTHENTICATED : new AuditActor(key.id(), key.name());
  }
}
