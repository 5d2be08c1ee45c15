package dev.waymark.touchpoint;

import dev.waymark.journey.Stage;
import dev.waymark.link.Link;
import dev.waymark.link.Medium;
import dev.waymark.routing.Routing;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One placement of a link with its own code: it leads wherever its link leads, and its
 * {@code channel}, {@code stage} and {@code source} override the link's in its hits. Always holds
 * a code, the code of a link other than itself, a name and both timestamps; converts to the stored
 * {@link Link} form and back without losing a field.
 *
 * <p>Optional text fields are {@code null} when not set. Validation of user input happens in the
 * admin API; this record guards only what every stored touchpoint holds.
 *
 * @param linkCode the code of the link it belongs to; never its own code
 * @param name     what marketers call it ("poster Utrecht Centraal")
 * @param enabled  its own switch: a disabled touchpoint answers 410 while its link redirects
 * @param expiresAt its own end, within its link's: {@code null} when it ends with its link
 * @param routing  its own journey rules, each member overriding its link's; {@code null} for none
 */
public record Touchpoint(
    String code,
    String linkCode,
    String name,
    String channel,
    Stage stage,
    String source,
    Medium medium,
    String notes,
    boolean enabled,
    Instant createdAt,
    Instant updatedAt,
    Instant expiresAt,
    Routing routing) {

  /**
   * The redirect status stored with every touchpoint. Never used: a touchpoint answers with its
   * link's status, but the stored form must hold a valid one, and 302 is what was always written.
   */
  private static final int STORED_REDIRECT = 302;

  public Touchpoint {
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(linkCode, "linkCode");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(updatedAt, "updatedAt");
    if (linkCode.equals(code)) {
      throw new IllegalArgumentException("a touchpoint cannot belong to itself");
    }
    routing = routing == null || routing.isEmpty() ? null : routing;
  }

  /** A touchpoint with no end and no journey rules of its own, as every one was before they existed. */
  public Touchpoint(String code, String linkCode, String name, String channel, Stage stage, String source,
      Medium medium, String notes, boolean enabled, Instant createdAt, Instant updatedAt) {
    this(code, linkCode, name, channel, stage, source, medium, notes, enabled, createdAt, updatedAt, null, null);
  }

  /**
   * The touchpoint {@code stored} holds; throws {@link IllegalArgumentException} when it holds a
   * link. A touchpoint's url, campaign, tags, UTM and redirect are not its own (its link's apply)
   * and are always stored empty, so nothing is lost here.
   */
  public static Touchpoint from(Link stored) {
    if (!stored.isTouchpoint()) {
      throw new IllegalArgumentException("'" + stored.code() + "' is a link, not a touchpoint");
    }
    return new Touchpoint(stored.code(), stored.linkCode(), stored.name(), stored.channel(), stored.stage(),
        stored.source(), stored.medium(), stored.notes(), stored.enabled(), stored.createdAt(), stored.updatedAt(),
        stored.expiresAt(), stored.routing());
  }

  /** The stored form, which links and touchpoints share: no url, tags or UTM of its own. */
  public Link toStored() {
    return new Link(code, null, null, channel, stage, source, List.of(), Map.of(), STORED_REDIRECT, expiresAt,
        enabled, createdAt, updatedAt, linkCode, name, medium, notes, false, routing);
  }
}
