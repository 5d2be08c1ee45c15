package dev.waymark.routing;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * The journey rules of one link or touchpoint, as stored and as the admin API shows them: where
 * its visitors go besides its {@code url}, and when. Every member is optional; a touchpoint uses
 * its own value of each member it sets and its link's for the rest.
 *
 * <p>The order of decision at the redirect: a request outside {@code [activeFrom, expiresAt)} (the
 * link's {@code expiresAt}) or past {@code maxHits} goes to {@code fallbackUrl} (302), or gets
 * 410 without one; an unfurler gets the {@code preview} page; bots and unfurlers go to the plain
 * {@code url}; everyone else meets the {@code rules} in order, then the {@code ios} and
 * {@code android} shortcuts, then the {@code variants}, then the {@code url}.
 *
 * @param variants    the A/B arms of the default destination (no rule matched); empty for none
 * @param rules       ordered targeting rules; empty for none
 * @param ios         sugar for a last rule {@code {"when":{"os":["ios"]},"url":ios}}
 * @param android     sugar for a last rule {@code {"when":{"os":["android"]},"url":android}}
 * @param activeFrom  before it, the link is not yet active
 * @param fallbackUrl where requests outside the window or past the limit go
 * @param maxHits     redirects to the destination after which requests go to the fallback
 * @param preview     the Open Graph card for unfurlers
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Routing(
    List<Variant> variants,
    List<Rule> rules,
    String ios,
    String android,
    Instant activeFrom,
    String fallbackUrl,
    Long maxHits,
    Preview preview) {

  public static final int MAX_VARIANTS = 10;
  public static final int MAX_RULES = 50;
  public static final int MAX_WEIGHT = 1_000_000;
  /** Values of the {@code rule} column that are not a rule's id or index. */
  public static final Set<String> RESERVED_RULE_IDS = Set.of("ios", "android", "window", "limit", "preview");

  /** Nothing set: the link behaves as a plain link. */
  public static final Routing NONE = new Routing(null, null, null, null, null, null, null, null);

  public Routing {
    variants = variants == null ? List.of() : List.copyOf(variants);
    rules = rules == null ? List.of() : List.copyOf(rules);
    if (maxHits != null && maxHits < 1) {
      throw new IllegalArgumentException("maxHits must be at least 1, was " + maxHits);
    }
  }

  /** True when nothing is set. */
  @JsonIgnore
  public boolean isEmpty() {
    return equals(NONE);
  }
}
