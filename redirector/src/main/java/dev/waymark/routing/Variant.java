package dev.waymark.routing;

import java.util.Objects;

/**
 * One arm of an A/B test: visitors are assigned to it in proportion to {@code weight} among its
 * siblings, by a stable hash of their monthly visitor id and the link.
 *
 * @param id     what the hit's {@code variant} column records; unique among its siblings
 * @param url    where its visitors go
 * @param weight its share, 0 to {@link Routing#MAX_WEIGHT}; a variant of weight 0 gets nobody
 */
public record Variant(String id, String url, int weight) {
  public Variant {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(url, "url");
    if (weight < 0 || weight > Routing.MAX_WEIGHT) {
      throw new IllegalArgumentException("weight must be 0 to " + Routing.MAX_WEIGHT + ", was " + weight);
    }
  }
}
