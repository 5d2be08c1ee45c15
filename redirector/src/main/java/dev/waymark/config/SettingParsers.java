package dev.waymark.config;

import dev.waymark.destination.DestinationHosts;
import dev.waymark.destination.HostPattern;
import dev.waymark.hit.sink.SpoolFsync;
import dev.waymark.proxy.ForwardedHeader;
import dev.waymark.proxy.TrustedProxies;
import dev.waymark.redis.RedisEndpoint;
import java.net.IDN;
import java.net.URI;
import java.net.URISyntaxException;
import dev.waymark.geo.CountryDatabase;
import java.io.IOException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The parsers the {@link Setting} table names: each turns a setting's text into its value or
 * throws a {@link ConfigException} that names the variable and the flag and says what was wrong.
 */
final class SettingParsers {

  /** Room for a full spill record (16 MiB) and a large batch beside it. */
  static final long MIN_SPOOL_BYTES = 64L << 20;

  private SettingParsers() {}

  static String require(String var, String flag, String value) {
    if (value == null || value.isBlank()) {
      throw new ConfigException(var, flag, "must not be empty");
    }
    return value.trim();
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.trim();
  }

  static String host(String var, String flag, String value) {
    String host = require(var, flag, value);
    if (!host.matches("[A-Za-z0-9.:\\-\\[\\]]+")) {
      throw new ConfigException(var, flag, "'" + host + "' is not a host name or IP address");
    }
    return host;
  }

  static int port(String var, String flag, String value) {
    return (int) bounded(var, flag, value, 0, 65535);
  }

  static long positiveLong(String var, String flag, String value) {
    return bounded(var, flag, value, 1, Long.MAX_VALUE);
  }

  static long bounded(String var, String flag, String value, long min, long max) {
    String text = require(var, flag, value);
    long n;
    try {
      n = Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw new ConfigException(var, flag, "'" + text + "' is not a whole number");
    }
    if (n < min || n > max) {
      throw new ConfigException(var, flag, "must be between " + min + " and " + max + ", was " + n);
    }
    return n;
  }

  /** A cap of open connections, or {@code null} for {@code auto} (blank counts as auto). */
  static Integer connectionCap(String var, String flag, String value) {
    if (value == null || value.isBlank() || value.strip().equalsIgnoreCase("auto")) {
      return null;
    }
    return (int) bounded(var, flag, value, 1, 10_000_000);
  }

  /** The bootstrap key, {@code null} when unset; an empty or short one is refused, not ignored. */
  static String apiKey(String var, String flag, String value) {
    if (value != null && value.length() < 16) {
      throw new ConfigException(var, flag, "must be at least 16 characters");
    }
    return blankToNull(value);
  }

  static long spoolBytes(String var, String flag, String value) {
    return bytes(var, flag, value, MIN_SPOOL_BYTES);
  }

  /** Sizes as {@code 1073741824}, {@code 512k}, {@code 256m} or {@code 1g} (powers of 1024). */
  static long bytes(String var, String flag, String value, long min) {
    String text = require(var, flag, value).toLowerCase(Locale.ROOT);
    int shift = switch (text.charAt(text.length() - 1)) {
      case 'k' -> 10;
      case 'm' -> 20;
      case 'g' -> 30;
      default -> 0;
    };
    long n;
    try {
      n = Long.parseLong(shift == 0 ? text : text.substring(0, text.length() - 1));
    } catch (NumberFormatException e) {
      n = -1;
    }
    if (n < 0 || n > (Long.MAX_VALUE >> shift)) {
      throw new ConfigException(var, flag, "'" + value + "' is not a size such as 512m or 2g");
    }
    long size = n << shift;
    if (size < min) {
      throw new ConfigException(var, flag, "must be at least " + (min >> 20) + "m, was " + value);
    }
    return size;
  }

  static boolean onOff(String var, String flag, String value) {
    String text = require(var, flag, value).toLowerCase(Locale.ROOT);
    if (!text.equals("on") && !text.equals("off")) {
      throw new ConfigException(var, flag, "must be on or off, was '" + value + "'");
    }
    return text.equals("on");
  }

  /** An HTTP header name (RFC 9110 token), or {@code null} when blank. */
  static String headerName(String var, String flag, String value) {
    String name = blankToNull(value);
    if (name != null && !name.matches("[!#$%&'*+.^_`|~0-9A-Za-z-]{1,128}")) {
      throw new ConfigException(var, flag, "'" + name + "' is not an HTTP header name");
    }
    return name;
  }

  static TrustedProxies trustedProxies(String var, String flag, String value) {
    try {
      return TrustedProxies.parse(value);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(var, flag, e.getMessage());
    }
  }

  static ForwardedHeader forwardedHeader(String var, String flag, String value) {
    ForwardedHeader header = ForwardedHeader.named(require(var, flag, value));
    if (header == null) {
      throw new ConfigException(var, flag, "must be X-Forwarded-For or Forwarded, was '" + value.trim() + "'");
    }
    return header;
  }

  /** The only place settings meet {@link SpoolFsync}: its constants, lower case with dashes. */
  static SpoolFsync fsync(String var, String flag, String value) {
    String text = require(var, flag, value).toLowerCase(Locale.ROOT);
    for (SpoolFsync f : SpoolFsync.values()) {
      if (f.name().toLowerCase(Locale.ROOT).replace('_', '-').equals(text)) {
        return f;
      }
    }
    throw new ConfigException(var, flag, "must be every-batch, every-second or never, was '" + value + "'");
  }

  /** Durations as {@code 250ms}, {@code 5s}, {@code 2m}, {@code 1h}, {@code 90d}, or ISO-8601 ({@code PT5S}). */
  static Duration duration(String var, String flag, String value) {
    Duration d = durationOrZero(var, flag, value);
    if (d.isZero()) {
      throw new ConfigException(var, flag, "must be positive, was " + value);
    }
    return d;
  }

  /** A duration of at most an hour, {@code 0s} included: a wait that may be left out. */
  static Duration shortWait(String var, String flag, String value) {
    Duration d = durationOrZero(var, flag, value);
    if (d.compareTo(Duration.ofHours(1)) > 0) {
      throw new ConfigException(var, flag, "must be at most 1h, was " + value);
    }
    return d;
  }

  private static Duration durationOrZero(String var, String flag, String value) {
    String text = require(var, flag, value).toLowerCase(Locale.ROOT);
    Duration d;
    try {
      if (text.startsWith("p")) {
        d = Duration.parse(text.toUpperCase(Locale.ROOT));
      } else if (text.endsWith("ms")) {
        d = Duration.ofMillis(Long.parseLong(text.substring(0, text.length() - 2)));
      } else if (text.endsWith("s")) {
        d = Duration.ofSeconds(Long.parseLong(text.substring(0, text.length() - 1)));
      } else if (text.endsWith("m")) {
        d = Duration.ofMinutes(Long.parseLong(text.substring(0, text.length() - 1)));
      } else if (text.endsWith("h")) {
        d = Duration.ofHours(Long.parseLong(text.substring(0, text.length() - 1)));
      } else if (text.endsWith("d")) {
        d = Duration.ofDays(Long.parseLong(text.substring(0, text.length() - 1)));
      } else {
        throw new NumberFormatException();
      }
    } catch (RuntimeException e) {
      throw new ConfigException(var, flag, "'" + value + "' is not a duration such as 500ms, 5s, 2m or 1h");
    }
    if (d.isNegative()) {
      throw new ConfigException(var, flag, "must not be negative, was " + value);
    }
    return d;
  }

  static URI baseUrl(String var, String flag, String value) {
    URI uri = uri(var, flag, require(var, flag, value));
    if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
      throw new ConfigException(var, flag, "must be an absolute http or https URL, was '" + value + "'");
    }
    if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
      throw new ConfigException(var, flag, "must not have a query or fragment");
    }
    String text = uri.toString();
    return URI.create(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
  }

  /** Comma-separated {@code host} or {@code host:port}; hosts to ASCII lower case, as DNS compares them. */
  static List<String> shortDomains(String var, String flag, String value) {
    List<String> domains = new ArrayList<>();
    if (value == null || value.isBlank()) {
      return domains;
    }
    for (String entry : value.split(",", -1)) {
      String domain = entry.strip();
      String host = domain;
      String port = null;
      int colon = domain.lastIndexOf(':');
      if (colon >= 0) {
        host = domain.substring(0, colon);
        port = domain.substring(colon + 1);
      }
      if (host.endsWith(".")) {
        host = host.substring(0, host.length() - 1);
      }
      try {
        host = IDN.toASCII(host, IDN.USE_STD3_ASCII_RULES).toLowerCase(Locale.ROOT);
      } catch (IllegalArgumentException e) {
        host = "";
      }
      if (host.isEmpty() || !host.matches("[a-z0-9.-]+")) {
        throw new ConfigException(var, flag, "must be host names, comma-separated, each optionally with"
            + " :port (e.g. go.example.com,qr.example.com:8443), was '" + domain + "'");
      }
      if (port != null) {
        domains.add(host + ":" + bounded(var, flag, port, 1, 65535));
      } else {
        domains.add(host);
      }
    }
    return domains;
  }

  /**
   * A Redis URL in one of {@link RedisEndpoint}'s forms (one server, cluster seeds, sentinels and a
   * master name), or {@code null} when blank (the embedded store).
   */
  static URI redisUrl(String var, String flag, String value) {
    String text = blankToNull(value);
    if (text == null) {
      return null;
    }
    URI uri = uri(var, flag, text);
    try {
      RedisEndpoint.parse(uri);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(var, flag, e.getMessage());
    }
    return uri;
  }

  /** A ClickHouse HTTP URL, or {@code null} when blank (embedded analytics). */
  static URI clickHouseUrl(String var, String flag, String value) {
    return serverUrl(var, flag, value, "http", "https", "http://host:8123");
  }

  /** A URL with a host and one of two schemes, or {@code null} when blank (that server is not used). */
  private static URI serverUrl(String var, String flag, String value, String scheme, String secureScheme,
      String example) {
    String text = blankToNull(value);
    if (text == null) {
      return null;
    }
    URI uri = uri(var, flag, text);
    if (!(scheme.equals(uri.getScheme()) || secureScheme.equals(uri.getScheme())) || uri.getHost() == null) {
      throw new ConfigException(var, flag, "must look like " + example + ", was '" + text + "'");
    }
    return uri;
  }

  static String optionalIdentifier(String var, String flag, String value) {
    return blankToNull(value) == null ? null : identifier(var, flag, value);
  }

  static String identifier(String var, String flag, String value) {
    String text = require(var, flag, value);
    if (!text.matches("[A-Za-z_][A-Za-z0-9_]{0,63}")) {
      throw new ConfigException(var, flag, "must be letters, digits and underscores, was '" + text + "'");
    }
    return text;
  }

  static Path path(String var, String flag, String value) {
    try {
      return Path.of(require(var, flag, value)).toAbsolutePath().normalize();
    } catch (InvalidPathException e) {
      throw new ConfigException(var, flag, "'" + value + "' is not a valid path");
    }
  }

  /** A path to a MaxMind DB, checked now so that a wrong one stops the start, not the first hit. */
  static Path geoIpDb(String var, String flag, String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    Path file = path(var, flag, value);
    try {
      CountryDatabase.check(file);
    } catch (IOException e) {
      throw new ConfigException(var, flag, e.getMessage());
    }
    return file;
  }

  static List<HostPattern> hostPatterns(String var, String flag, String value) {
    try {
      return HostPattern.parseList(value);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(var, flag, e.getMessage());
    }
  }

  static List<String> protectedHosts(String var, String flag, String value) {
    try {
      return DestinationHosts.parseProtected(value);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(var, flag, e.getMessage());
    }
  }

  /** {@code true} for allow, {@code false} for refuse. */
  static boolean allowIpLiterals(String var, String flag, String value) {
    String text = require(var, flag, value).toLowerCase(Locale.ROOT);
    if (!text.equals("allow") && !text.equals("refuse")) {
      throw new ConfigException(var, flag, "must be allow or refuse, was '" + value + "'");
    }
    return text.equals("allow");
  }

  private static URI uri(String var, String flag, String value) {
    try {
      return new URI(value);
    } catch (URISyntaxException e) {
      throw new ConfigException(var, flag, "'" + value + "' is not a URL: " + e.getReason());
    }
  }
}
