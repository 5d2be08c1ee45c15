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

  RequestMix(List<String> codes, double zipfExponent, SplittableRandom random) {
    this.paths = codes.stream().map(code -> "/" + code).toArray(String[]::new);
    this.ranks = new ZipfSampler(paths.length, zipfExponent);
    this.random = random;
  }

  String nextPath() {
    return paths[ranks.next(random)];
  }

  String nextUserAgent() {
    return userAgents.next(random);
  }
}
