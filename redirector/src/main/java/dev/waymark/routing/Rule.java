package dev.waymark.routing;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Objects;

/**
 * One ordered targeting rule: when {@code when} holds, the visitor goes to {@code url}, or to one
 * of {@code variants} (exactly one of the two is set). The first rule that holds decides.
 *
 * @param id optional name recorded in the hit's {@code rule} column; without one the column holds
 *     the rule's index in the list, from 0. Ids start with a letter, so they never look like an
 *     index, and are never one of the {@link Routing#RESERVED_RULE_IDS}
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Rule(String id, When when, String url, List<Variant> variants) {
  public Rule {
    Objects.requireNonNull(when, "when");
    variants = variants == null ? List.of() : List.copyOf(variants);
    if ((url == null) == variants.isEmpty()) {
      throw new IllegalArgumentException("a rule leads to a url or to variants, exactly one of the two");
    }
  }
}
