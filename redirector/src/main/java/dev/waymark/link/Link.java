package dev.waymark.link;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import dev.waymark.journey.Stage;
import dev.waymark.routing.Routing;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A short code and where it leads, with the campaign data every hit through it carries; or, when
 * {@code linkCode} is set, the stored form of a touchpoint ({@code dev.waymark.touchpoint.Touchpoint}
 * makes and reads those; build touchpoints there, not here).
 *
 * <p>Links and touchpoints share one record and one key space, so a code is looked up once and
 * cached once whatever it is. A touchpoint has no {@code url} of its own: it leads wherever its
 * link leads, with that link's redirect status and liveness, and its {@code channel},
 * {@code stage} and {@code source} override the link's in its hits. Its {@code redirect} is
 * stored as 302 and ignored.
 *
 * <p>Optional text fields are {@code null} when not set. Validation of user input happens in the
 * admin API; this record only guards the invariants every stored link must hold.
 *
 * @param linkCode    the code of the link a touchpoint belongs to; {@code null} for a link
 * @param name        a touchpoint's name ("poster Utrecht Centraal"); required for touchpoints only
 * @param conversions the redirect hands the destination the hit's id as {@code wm_click}, so a
 *     shop can report conversions for it; links only (a touchpoint follows its link's). Stored only
 *     when true, so records written before it existed, and links without it, keep their bytes
 * @param routing     its journey rules (variants, targeting, window, limit, preview); {@code null}
 *     when it has none, which an empty {@link Routing} becomes, so plain links keep their bytes
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Link(
    String code,
    String url,
    String campaign,
    String channel,
    Stage stage,
    String source,
    List<String> tags,
    Map<String, String> utm,
    int redirect,
    Instant expiresAt,
    boolean enabled,
    Instant createdAt,
    Instant updatedAt,
    String linkCode,
    String name,
    Medium medium,
    String notes,
    @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean conversions,
    Routing routing) {

  /** The redirect statuses a link may answer with. */
  public static final Set<Integer> REDIRECT_STATUSES = Set.of(301, 302, 307, 308);

  @JsonCreator
  public Link {
    Objects.requireNonNull(code, "code");
    if (linkCode == null) {
      Objects.requireNonNull(url, "url");
      if (name != null || medium != null || notes != null) {
        throw new IllegalArgumentException("name, medium and notes belong to touchpoints only");
      }
    } else {
      Objects.requireNonNull(name, "name");
      if (url != null) {
        throw new IllegalArgumentException("a touchpoint leads where its link leads; it has no url");
      }
      if (linkCode.equals(code)) {
        throw new IllegalArgumentException("a touchpoint cannot belong to itself");
      }
      if (conversions) {
        throw new IllegalArgumentException("a touchpoint follows its link's conversions; it has none of its own");
      }
    }
    if (stage == Stage.UNKNOWN) {
      throw new IllegalArgumentException("stage must be one of the journey's, not unknown");
    }
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(updatedAt, "updatedAt");
    if (!REDIRECT_STATUSES.contains(redirect)) {
      throw new IllegalArgumentException("redirect must be 301, 302, 307 or 308, was " + redirect);
    }
    tags = tags == null ? List.of() : List.copyOf(tags);
    utm = utm == null ? Map.of() : Map.copyOf(utm);
    routing = routing == null || routing.isEmpty() ? null : routing;
  }

  /** A link or touchpoint without journey rules, as every one was before they existed. */
  public Link(String code, String url, String campaign, String channel, Stage stage, String source,
      List<String> tags, Map<String, String> utm, int redirect, Instant expiresAt, boolean enabled,
      Instant createdAt, Instant updatedAt, String linkCode, String name, Medium medium, String notes,
      boolean conversions) {
    this(code, url, campaign, channel, stage, source, tags, utm, redirect, expiresAt, enabled, createdAt,
        updatedAt, linkCode, name, medium, notes, conversions, null);
  }

  /** Its journey rules, {@link Routing#NONE} when it has none; never {@code null}. */
  public Routing routingOrNone() {
    return routing == null ? Routing.NONE : routing;
  }

  /** A link or touchpoint without conversions, as every one was before conversions existed. */
  public Link(String code, String url, String campaign, String channel, Stage stage, String source,
      List<String> tags, Map<String, String> utm, int redirect, Instant expiresAt, boolean enabled,
      Instant createdAt, Instant updatedAt, String linkCode, String name, Medium medium, String notes) {
    this(code, url, campaign, channel, stage, source, tags, utm, redirect, expiresAt, enabled, createdAt,
        updatedAt, linkCode, name, medium, notes, false);
  }

  /** A link (not a touchpoint), as every link was before touchpoints existed. */
  public Link(String code, String url, String campaign, String channel, Stage stage, String source,
      List<String> tags, Map<String, String> utm, int redirect, Instant expiresAt, boolean enabled,
      Instant createdAt, Instant updatedAt) {
    this(code, url, campaign, channel, stage, source, tags, utm, redirect, expiresAt, enabled, createdAt,
        updatedAt, null, null, null, null);
  }

  /** Refuses a replacement that would change a link's code: a programming error, not a user's. */
  static void requireSameCode(Link expected, Link next) {
    if (!expected.code().equals(next.code())) {
      throw new IllegalArgumentException("a link cannot change its code: " + expected.code() + " -> " + next.code());
    }
  }

  /** True for a touchpoint, whose {@link #linkCode} names the link it belongs to. */
  @JsonIgnore
  public boolean isTouchpoint() {
    return linkCode != null;
  }

  /** True when a request at {@code nowMillis} (epoch) is redirected; false means 410 Gone. */
  public boolean isLive(long nowMillis) {
    return enabled && (expiresAt == null || nowMillis < expiresAt.toEpochMilli());
  }

  /** True for 301 and 308, which browsers may cache; temporary redirects must not be cached. */
  @JsonIgnore
  public boolean isPermanent() {
    return redirect == 301 || redirect == 308;
  }
}
