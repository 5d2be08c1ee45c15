package dev.waymark.destination;

import java.net.IDN;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The operator's rules for the host of a new link destination ({@code WAYMARK_DESTINATION_*}):
 * with an allow list only hosts it matches are accepted, a deny list refuses what it matches and
 * wins over the allow list, IP-literal hosts may be refused, and hosts that look like a protected
 * brand host without being it are refused ({@link LookAlikes}). Hosts are compared as DNS does
 * (case, trailing dot, Unicode or punycode); ports never matter. The rules apply when a
 * destination is set (create, patch, import), never to links already stored. Immutable and
 * thread-safe; {@link #problem} is cheap enough for the event loop (microseconds).
 */
public final class DestinationHosts {

  /** No rules: every host is accepted. */
  public static final DestinationHosts ANY = new DestinationHosts(List.of(), List.of(), null, true);

  private final List<HostPattern> allow;
  private final List<HostPattern> deny;
  private final LookAlikes lookAlikes;
  private final boolean ipLiterals;

  private DestinationHosts(List<HostPattern> allow, List<HostPattern> deny, LookAlikes lookAlikes,
      boolean ipLiterals) {
    this.allow = List.copyOf(allow);
    this.deny = List.copyOf(deny);
    this.lookAlikes = lookAlikes;
    this.ipLiterals = ipLiterals;
  }

  /**
   * Rules from parsed lists; {@code protectedHosts} are plain host names (see {@link
   * #parseProtected}). With protected hosts this loads ICU's confusable data: build it once, at
   * start, off any event loop.
   */
  public static DestinationHosts of(List<HostPattern> allow, List<HostPattern> deny, List<String> protectedHosts,
      boolean ipLiterals) {
    return new DestinationHosts(allow, deny, protectedHosts.isEmpty() ? null : new LookAlikes(protectedHosts),
        ipLiterals);
  }

  /** Comma-separated host names without wildcards; throws {@link IllegalArgumentException} saying why not. */
  public static List<String> parseProtected(String csv) {
    List<String> hosts = new ArrayList<>();
    if (csv == null || csv.isBlank()) {
      return hosts;
    }
    for (String entry : csv.split(",", -1)) {
      if (entry.strip().startsWith("*.")) {
        throw new IllegalArgumentException("'" + entry.strip() + "': protected hosts take no wildcard; "
            + "a protected host's subdomains are always accepted");
      }
      hosts.add(HostPattern.parseHost(entry));
    }
    return List.copyOf(hosts);
  }

  /**
   * Why the rules refuse a destination on {@code host} (as {@link java.net.URI#getHost} gives it),
   * or {@code null} when they accept it.
   */
  public String problem(String host) {
    if (this == ANY) {
      return null;
    }
    if (isIpLiteral(host)) {
      if (!ipLiterals) {
        return "host '" + host + "' is an IP address; this service accepts destinations by host name only";
      }
      return allow.isEmpty() ? null
          : "host '" + host + "' is an IP address, which the destination allow list cannot match";
    }
    String h;
    try {
      h = normalizeHost(host);
    } catch (IllegalArgumentException e) {
      return "host '" + host + "' is not a valid internationalised host name, so the destination rules cannot accept it";
    }
    for (HostPattern p : deny) {
      if (p.matches(h)) {
        return "host '" + h + "' is on the destination deny list (" + p + ")";
      }
    }
    if (!allow.isEmpty() && allow.stream().noneMatch(p -> p.matches(h))) {
      return "host '" + h + "' is not on the destination allow list";
    }
    return lookAlikes == null ? null : lookAlikes.problem(h);
  }

  /**
   * Whether {@code host} is an IP address as browsers read hosts (WHATWG URL): an IPv6 literal in
   * brackets, or a name whose last label is a number ({@code 127.1}, {@code 2130706433} and
   * {@code 0x7f.1} all reach 127.0.0.1).
   */
  static boolean isIpLiteral(String host) {
    if (host.startsWith("[")) {
      return true;
    }
    String h = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
    String last = h.substring(h.lastIndexOf('.') + 1);
    return last.matches("[0-9]+") || last.matches("0[xX][0-9a-fA-F]*");
  }

  /**
   * A host as DNS compares it: ASCII (punycode), lower case, without the trailing dot of a fully
   * qualified name; an IPv6 literal stays as it is but for case. Throws
   * {@link IllegalArgumentException} for a name IDNA cannot convert. The one normalisation of
   * destination hosts, for these rules and for the short-URL loop check alike.
   */
  public static String normalizeHost(String host) {
    String h = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
    if (!h.startsWith("[")) {
      h = IDN.toASCII(h, IDN.ALLOW_UNASSIGNED);
    }
    return h.toLowerCase(Locale.ROOT);
  }

  @Override
  public String toString() {
    return "DestinationHosts[allow=" + allow + ", deny=" + deny + ", protect="
        + (lookAlikes == null ? "[]" : lookAlikes.hosts()) + ", ipLiterals=" + (ipLiterals ? "allow" : "refuse") + "]";
  }
}
