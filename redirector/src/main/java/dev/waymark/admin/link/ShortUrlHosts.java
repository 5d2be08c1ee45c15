package dev.waymark.admin.link;

import dev.waymark.destination.DestinationHosts;
import dev.waymark.link.Codes;
import java.net.URI;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Where this service's short URLs are served ({@code WAYMARK_PUBLIC_BASE_URL} and
 * {@code WAYMARK_SHORT_DOMAINS}), so that no link is stored that leads back to one of its codes:
 * such a link would redirect to itself, or into another link, recording a hit at every hop.
 *
 * <p>A destination leads back when its host is one of ours, compared as browsers and DNS do
 * (any case, trailing dot, Unicode or punycode), on a port we serve, whatever its scheme (the
 * {@code http} variant of an {@code https} base usually redirects to it), and its path, once
 * normalized as a browser would send it, has the shape of a code. Paths that are never codes
 * ({@code /}, {@code /robots.txt}, reserved words such as {@code /api}) are harmless.
 *
 * <p>It also carries the operator's {@link DestinationHosts} rules, so that every path that
 * checks a destination for loops (create, patch, import) checks those rules too. Immutable and
 * thread-safe.
 */
public final class ShortUrlHosts {

  private static final Set<Integer> DEFAULT_PORTS = Set.of(80, 443);

  /** Host (ASCII, lower case, no trailing dot) to the ports short URLs are served on there. */
  private final Map<String, Set<Integer>> ports;
  /** The base URL's path ({@code /go} in {@code https://example.com/go}), or empty. */
  private final String basePath;
  private final DestinationHosts destinationHosts;

  private ShortUrlHosts(Map<String, Set<Integer>> ports, String basePath, DestinationHosts destinationHosts) {
    this.ports = ports;
    this.basePath = basePath;
    this.destinationHosts = destinationHosts;
  }

  /** These hosts, with {@code rules} for the hosts of new destinations (none by default). */
  public ShortUrlHosts withDestinationHosts(DestinationHosts rules) {
    return new ShortUrlHosts(ports, basePath, rules);
  }

  /** Why the operator's rules refuse {@code destination}'s host, or {@code null} when they accept it. */
  String hostProblem(URI destination) {
    return destinationHosts.problem(destination.getHost());
  }

  /**
   * The hosts of {@code publicBaseUrl} and of {@code shortDomains}, each {@code host} (served on
   * the default ports 80 and 443) or {@code host:port}.
   */
  public static ShortUrlHosts of(URI publicBaseUrl, List<String> shortDomains) {
    Map<String, Set<Integer>> ports = new HashMap<>();
    int basePort = publicBaseUrl.getPort();
    add(ports, publicBaseUrl.getHost(),
        basePort == -1 || basePort == defaultPort(publicBaseUrl.getScheme()) ? DEFAULT_PORTS : Set.of(basePort));
    for (String domain : shortDomains) {
      int colon = domain.lastIndexOf(':');
      if (colon > 0 && domain.indexOf(']') < colon) {
        add(ports, domain.substring(0, colon), Set.of(Integer.parseInt(domain.substring(colon + 1))));
      } else {
        add(ports, domain, DEFAULT_PORTS);
      }
    }
    String path = publicBaseUrl.getRawPath() == null ? "" : publicBaseUrl.getRawPath();
    return new ShortUrlHosts(Map.copyOf(ports), path.endsWith("/") ? path.substring(0, path.length() - 1) : path,
        DestinationHosts.ANY);
  }

  private static void add(Map<String, Set<Integer>> ports, String host, Set<Integer> more) {
    ports.computeIfAbsent(DestinationHosts.normalizeHost(host), h -> new HashSet<>()).addAll(more);
  }

  /**
   * Why {@code destination} (an absolute http(s) URL with a host) leads back to one of our codes,
   * or {@code null} when it does not.
   */
  public String loopProblem(URI destination) {
    String host;
    try {
      host = DestinationHosts.normalizeHost(destination.getHost());
    } catch (IllegalArgumentException e) {
      return null; // not a name we could be serving under
    }
    Set<Integer> served = ports.get(host);
    if (served == null) {
      return null;
    }
    int port = destination.getPort() == -1 ? defaultPort(destination.getScheme()) : destination.getPort();
    if (!served.contains(port)) {
      return null;
    }
    String path = unescapeUnreserved(destination.normalize().getRawPath());
    String code = code(path);
    if (code == null && !basePath.isEmpty() && path.startsWith(basePath + "/")) {
      code = code(path.substring(basePath.length()));
    }
    return code == null ? null
        : "leads back to this service's short code '" + code + "' on " + host
            + "; a link must point at the destination itself";
  }

  /** The code a path of the public port answers for, as the redirect path reads it; or {@code null}. */
  private static String code(String path) {
    if (path == null || path.length() < 2 || path.charAt(0) != '/' || !Codes.isWellFormed(path, 1, path.length())) {
      return null;
    }
    String code = path.substring(1);
    return Codes.RESERVED.contains(code.toLowerCase(Locale.ROOT)) ? null : code;
  }

  /**
   * Decodes percent-escapes of unreserved characters (RFC 3986 6.2.2.2), as browsers and proxies
   * may before the request reaches us: {@code /%61bc} is {@code /abc}.
   */
  private static String unescapeUnreserved(String path) {
    if (path == null || path.indexOf('%') < 0) {
      return path;
    }
    StringBuilder out = new StringBuilder(path.length());
    for (int i = 0; i < path.length(); i++) {
      char c = path.charAt(i);
      if (c == '%' && i + 2 < path.length()) {
        int high = Character.digit(path.charAt(i + 1), 16);
        int low = Character.digit(path.charAt(i + 2), 16);
        if (high >= 0 && low >= 0 && isUnreserved((char) (high * 16 + low))) {
          out.append((char) (high * 16 + low));
          i += 2;
          continue;
        }
      }
      out.append(c);
    }
    return out.toString();
  }

  private static boolean isUnreserved(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
        || c == '-' || c == '.' || c == '_' || c == '~';
  }

  private static int defaultPort(String scheme) {
    return "https".equalsIgnoreCase(scheme) ? 443 : 80;
  }
}
