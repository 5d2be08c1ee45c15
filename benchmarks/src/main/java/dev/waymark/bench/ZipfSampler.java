package dev.waymark.bench;

import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * Draws ranks {@code 0..n-1} with Zipf probabilities ({@code P(k) ∝ 1/(k+1)^s}) in O(log n) per
 * draw from a precomputed cumulative table; {@code s = 0} is uniform.
 *
 * <p>A table rather than a library sampler because the parent pom manages no sampling library
 * (commons-rng's {@code RejectionInversionZipfSampler} would do); 8 bytes a rank is cheap next to
 * the codes themselves.
 */
public final class ZipfSampler {

  private final double[] cumulative;

  public ZipfSampler(int n, double exponent) {
    if (n < 1) {
      throw new IllegalArgumentException("need at least one rank, got " + n);
    }
    if (exponent < 0) {
      throw new IllegalArgumentException("Zipf exponent must be >= 0, got " + exponent);
    }
    cumulative = new double[n];
    double sum = 0;
    for (int k = 0; k < n; k++) {
      sum += Math.pow(k + 1, -exponent);
      cumulative[k] = sum;
    }
    for (int k = 0; k < n; k++) {
      cumulative[k] /= sum;
    }
  }

  /** The next rank; rank 0 is the most popular. */
  public int next(RandomGenerator random) {
    int i = Arrays.binarySearch(cumulative, random.nextDouble());
    int rank = i >= 0 ? i : -i - 1;
    return Math.min(rank, cumulative.length - 1);
  }
}
