package dev.waymark.destination;

import java.net.IDN;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One host pattern of an allow or deny list: {@code example.com} matches that host only, {@code
 * *.example.com} matches its subdomains at any depth but not {@code example.com} itself (as in a
 * Content-Security-Policy), so a list names both when it means both. Hosts are held as DNS
 * compares them: ASCII (punycode), lower case, no trailing dot.
 *
 * @param host the host, or the parent domain of a wildcard, normalised
 * @param subdomains whether this is {@code *.host}
 */
public record HostPattern(String host, boolean subdomains) {

  public HostPattern {
    if (!isHostName(host)) {
      throw new IllegalArgumentException("'" + host + "' is not a normalised host name");
    }
  }

  /**
   * Parses {@code example.com}, {@code *.example.com}, {@code Bücher.Example.} and the like;
   * throws {@link IllegalArgumentException} saying why anything else is not a pattern.
   */
  public static HostPattern parse(String text) {
    String t = text.strip();
    boolean subdomains = t.startsWith("*.");
    String host = normalize(subdomains ? t.substring(2) : t, t);
    return new HostPattern(host, subdomains);
  }

  /** A comma-separated list of patterns; blank is the empty list, an empty entry is an error. */
  public static List<HostPattern> parseList(String csv) {
    List<HostPattern> patterns = new ArrayList<>();
    if (csv == null || csv.isBlank()) {
      return patterns;
    }
    for (String entry : csv.split(",", -1)) {
      patterns.add(parse(entry));
    }
    return List.copyOf(patterns);
  }

  /**
   * A plain host name ({@code example.com}, {@code bücher.example}) normalised, for settings that
   * take hosts but no wildcards; throws {@link IllegalArgumentException} saying why not.
   */
  static String parseHost(String text) {
    String t = text.strip();
    return normalize(t, t);
  }

  private static String normalize(String name, String original) {
    if (name.isEmpty()) {
      throw new IllegalArgumentException("has an empty entry; write hosts such as example.com or *.example.com");
    }
    if (name.contains("*")) {
      throw new IllegalArgumentException("'" + original + "': a wildcard may only be a leading '*.', as in *.example.com");
    }
    if (name.contains("/") || name.contains(":") || name.contains("@") || name.contains("[")) {
      throw new IllegalArgumentException("'" + original + "' is not a host name: write the host alone, "
          + "without scheme, port or path (ports never matter)");
    }
    String h = name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
    try {
      h = IDN.toASCII(h, IDN.USE_STD3_ASCII_RULES).toLowerCase(Locale.ROOT);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("'" + original + "' is not a valid host name (" + e.getMessage() + ")");
    }
    if (!isHostName(h)) {
      throw new IllegalArgumentException("'" + original + "' is not a valid host name");
    }
    if (DestinationHosts.isIpLiteral(h)) {
      throw new IllegalArgumentException("'" + original + "' is an IP address, not a host name; "
          + "IP destinations are governed by WAYMARK_DESTINATION_IP_LITERALS");
    }
    return h;
  }

  private static boolean isHostName(String h) {
    if (h == null || h.isEmpty() || h.length() > 253 || !h.matches("[a-z0-9.-]+")) {
      return false;
    }
    for (String label : h.split("\\.", -1)) {
      if (label.isEmpty() || label.length() > 63 || label.startsWith("-") || label.endsWith("-")) {
        return false;
      }
    }
    return true;
  }

  /** Whether {@code host} (normalised as {@link #host}) is matched by this pattern. */
  public boolean matches(String normalizedHost) {
    return subdomains
        ? normalizedHost.length() > host.length() + 1 && normalizedHost.endsWith("." + host)
        : normalizedHost.equals(host);
  }

  @Override
  public String toString() {
    return subdomains ? "*." + host : host;
  }
}
