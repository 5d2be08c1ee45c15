package dev.waymark.routing;

import java.util.List;

/**
 * The variants of one level (a link's, a touchpoint's or one rule's), compiled for assignment by
 * weighted rendezvous hashing: each variant scores {@code -weight / ln(u)} with {@code u} in (0,1)
 * a hash of the visitor's monthly id, the owning code and the variant's id, and the highest score
 * wins. A pure function of those inputs: the same visitor gets the same variant on every
 * redirector and after restarts, with no cookie and no shared state.
 *
 * <p>Why this method: a visitor's scores do not depend on the other variants, so the assignment
 * moves as few visitors as any assignment can. Raising one weight only raises that variant's
 * scores, so only visitors move into it (50/50 to 60/40 moves about 10%, all into the heavier
 * one); lowering it only moves its own visitors out; adding a variant only takes visitors into
 * it; removing one only redistributes its visitors. Reordering the list or renaming the link's
 * other variants moves nobody. Weight 0 gets nobody. Immutable and thread-safe; allocation-free.
 */
final class VariantSet {

  private static final long VARIANT_SALT = 0x9e3779b97f4a7c15L;

  private final long[] keys;
  private final double[] weights;
  /** One ready decision per variant: assignments allocate nothing. */
  private final Decision[] decisions;
  /** Where a visitor without an id goes when this level must pick something: see {@link #unassigned}. */
  private final Decision unassigned;

  private VariantSet(long[] keys, double[] weights, Decision[] decisions, Decision unassigned) {
    this.keys = keys;
    this.weights = weights;
    this.decisions = decisions;
    this.unassigned = unassigned;
  }

  /**
   * The variants {@code variants} owned by {@code code}, whose decisions record {@code rule};
   * {@code null} when there are none.
   */
  static VariantSet of(String code, List<Variant> variants, String rule) {
    if (variants.isEmpty()) {
      return null;
    }
    long codeHash = Hashing.of(code);
    int n = variants.size();
    long[] keys = new long[n];
    double[] weights = new double[n];
    Decision[] decisions = new Decision[n];
    int heaviest = 0;
    for (int i = 0; i < n; i++) {
      Variant v = variants.get(i);
      keys[i] = key(codeHash, v.id());
      weights[i] = v.weight();
      decisions[i] = new Decision(Decision.Kind.REDIRECT, v.url(), v.id(), rule, null);
      if (v.weight() > variants.get(heaviest).weight()) {
        heaviest = i;
      }
    }
    Decision unassigned = new Decision(Decision.Kind.REDIRECT, variants.get(heaviest).url(), "", rule, null);
    return new VariantSet(keys, weights, decisions, unassigned);
  }

  /** Per (code, variant id): what a visitor's hash is combined with. */
  static long key(long codeHash, String variantId) {
    return Hashing.fmix64(codeHash ^ Long.rotateLeft(Hashing.of(variantId) + VARIANT_SALT, 29));
  }

  /**
   * The variant of {@code visitor} (a monthly visitor id, not {@link Visit#NO_VISITOR}), or
   * {@code null} when every weight is 0.
   */
  Decision assign(long visitor) {
    int i = index(visitor);
    return i < 0 ? null : decisions[i];
  }

  /** The index of the winning variant, -1 when every weight is 0. */
  int index(long visitor) {
    long v = Hashing.fmix64(visitor);
    int best = -1;
    double bestScore = 0;
    for (int i = 0; i < keys.length; i++) {
      double w = weights[i];
      if (w == 0) {
        continue;
      }
      // -w / ln(u) > 0 for u in (0,1); ties (p≈0) go to the earlier variant.
      double score = -w / Math.log(Hashing.unit(Hashing.fmix64(v ^ keys[i])));
      if (score > bestScore) {
        bestScore = score;
        best = i;
      }
    }
    return best;
  }

  /**
   * For a visitor who cannot be assigned (no monthly id, or every weight 0) at a level that has
   * no destination but its variants, a rule's: the heaviest variant (the first of equals), with
   * the variant recorded as {@code ""} so no variant's figures count the visit.
   */
  Decision unassigned() {
    return unassigned;
  }

  int size() {
    return keys.length;
  }
}
