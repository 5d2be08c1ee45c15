package dev.waymark.bench;

import java.util.List;
import java.util.SplittableRandom;

/**
 * The requests of a run: a path per request drawn from the codes with Zipf popularity (a few
 * codes are hot, most are rare, as with real campaigns), and a User-Agent from the mix.
 * Not thread-safe: one per event loop.
 */
final class RequestMix {

  private final String[] paths;
  private final ZipfSampler ranks;
  private final UserAgents userAgents = new UserAgents();
  private final SplittableRandom random;
  private final int stride;
  private int cursor;

  /**
   * @param stride 0 for Zipf draws; otherwise walk the codes from {@code first} in steps of
   *     {@code stride}, so several event loops together visit each code once
   */
  RequestMix(List<String> codes, double zipfExponent, SplittableRandom random, int first,
      int stride) {
    this.paths = codes.stream().map(code -> "/" + code).toArray(String[]::new);
    this.ranks = stride == 0 ? new ZipfSampler(paths.length, zipfExponent) : null;
    this.random = random;
    this.cursor = first;
    this.stride = stride;
  }

  String nextPath() {
    if (stride == 0) {
      return paths[ranks.next(random)];
    }
    String path = paths[cursor % paths.length];
    cursor += stride;
    return path;
  }

  String nextUserAgent() {
    return userAgents.next(random);
  }
}
