package dev.waymark.audit;

import io.vertx.ext.web.RoutingContext;
import java.util.Objects;

/**
 * The API key an admin change was made with, by id and by name; never the key's secret.
 *
 * @param id the key's stable id
 * @param name the name the key was given
 */
public record AuditActor(String id, String name) {

  /** The key every request authenticates with until named keys exist. */
  public static final AuditActor BOOTSTRAP = new AuditActor("bootstrap", "bootstrap");

  public AuditActor {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(name, "name");
  }

  /**
   * The key the request was authenticated with. This is the one place that knows how: today
   * every admin request carries the bootstrap key; named keys answer theirs here.
   */
  public static AuditActor of(RoutingContext ctx) {
    return BOOTSTRAP;
  }
}
