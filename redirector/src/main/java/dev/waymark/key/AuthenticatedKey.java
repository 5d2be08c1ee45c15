package dev.waymark.key;

import io.vertx.ext.web.RoutingContext;
import java.util.Objects;
import java.util.Set;

/**
 * The key a request was authenticated with, as its handlers (and the audit log) see it: put on
 * the {@link RoutingContext} by the admin auth handler before any endpoint runs.
 */
public record AuthenticatedKey(String id, String name, Set<Scope> scopes) {

  /** The id under which the bootstrap key (WAYMARK_ADMIN_API_KEY, or the one printed at first start) appears. */
  public static final String BOOTSTRAP_ID = "bootstrap";
  /** The bootstrap key: {@code keys:admin}, so it reaches everything. */
  public static final AuthenticatedKey BOOTSTRAP = new AuthenticatedKey(BOOTSTRAP_ID, "bootstrap",
      Set.of(Scope.KEYS_ADMIN));
  /** The {@link RoutingContext} data key it is stored under. */
  public static final String CONTEXT_KEY = "waymark.key";

  public AuthenticatedKey {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(name, "name");
    scopes = Scope.copyOf(scopes);
  }

  static AuthenticatedKey of(NamedKey key) {
    return new AuthenticatedKey(key.id(), key.name(), key.scopes());
  }

  /** The key of the request, or {@code null} on a route that needs none. */
  public static AuthenticatedKey of(RoutingContext ctx) {
    return ctx.get(CONTEXT_KEY);
  }

  /** True when this key may do what needs {@code scope}. */
  public boolean allows(Scope scope) {
    return Scope.allows(scopes, scope);
  }

  public boolean bootstrap() {
    return BOOTSTRAP_ID.equals(id);
  }
}
