package dev.waymark.link;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A short code and where it leads, with the campaign data every hit through it carries.
 *
 * <p>Optional text fields are {@code null} when not set. Validation of user input happens in the
 * admin API; this record only guards the invariants every stored link must hold.
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
    Instant updatedAt) {

  /** The redirect statuses a link may answer with. */
  public static final Set<Integer> REDIRECT_STATUSES = Set.of(301, 302, 307, 308);

  public Link {
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(updatedAt, "updatedAt");
    if (!REDIRECT_STATUSES.contains(redirect)) {
      throw new IllegalArgumentException("redirect must be 301, 302, 307 or 308, was " + redirect);
    }
    tags = tags == null ? List.of() : List.copyOf(tags);
    utm = utm == null ? Map.of() : Map.copyOf(utm);
  }

  /** True when a request at {@code nowMillis} (epoch) is redirected; false means 410 Gone. */
  public boolean isLive(long nowMillis) {
    return enabled && (expiresAt == null || nowMillis < expiresAt.toEpochMilli());
  }

  /** True for 301 and 308, which browsers may cache; temporary redirects must not be cached. */
  public boolean isPermanent() {
    return redirect == 301 || redirect == 308;
  }
}
