package dev.waymark.config;

import dev.waymark.destination.DestinationHosts;
import dev.waymark.destination.HostPattern;
import dev.waymark.hit.sink.SpoolFsync;
import java.net.IDN;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Option;

/**
 * The settings as the user gives them: each a {@code --flag} whose default is the matching
 * {@code WAYMARK_*} environment variable. Values are kept as text and validated in {@link
 * #toConfig()}, so every error names the variable, not a Java type.
 */
public final class ConfigOptions {

  @Option(names = "--http-host", defaultValue = "${env:WAYMARK_HTTP_HOST:-0.0.0.0}",
      description = "Interface of the public redirect listener (WAYMARK_HTTP_HOST, default ${DEFAULT-VALUE}).")
  String httpHost;

  @Option(names = "--http-port", defaultValue = "${env:WAYMARK_HTTP_PORT:-8080}",
      description = "Public redirect port (WAYMARK_HTTP_PORT, default ${DEFAULT-VALUE}).")
  String httpPort;

  @Option(names = "--public-base-url", defaultValue = "${env:WAYMARK_PUBLIC_BASE_URL:-http://localhost:8080}",
      description = "Base of the short URLs (WAYMARK_PUBLIC_BASE_URL, default ${DEFAULT-VALUE}).")
  String publicBaseUrl;

  @Option(names = "--short-domains", defaultValue = "${env:WAYMARK_SHORT_DOMAINS:-}",
      description = "Other hosts that serve these short URLs, comma-separated (host or host:port; "
          + "host alone means ports 80 and 443); links to a code on them, or on the public base URL, "
          + "are refused (WAYMARK_SHORT_DOMAINS, default none).")
  String shortDomains;

  @Option(names = "--admin-host", defaultValue = "${env:WAYMARK_ADMIN_HOST:-0.0.0.0}",
      description = "Interface of the admin listener (WAYMARK_ADMIN_HOST, default ${DEFAULT-VALUE}).")
  String adminHost;

  @Option(names = "--admin-port", defaultValue = "${env:WAYMARK_ADMIN_PORT:-8081}",
      description = "Admin API, health and metrics port (WAYMARK_ADMIN_PORT, default ${DEFAULT-VALUE}).")
  String adminPort;

  @Option(names = "--admin-api-key", defaultValue = "${env:WAYMARK_ADMIN_API_KEY}",
      description = "Admin API key to accept (WAYMARK_ADMIN_API_KEY); unset = generate one on first start.")
  String adminApiKey;

  @Option(names = "--redis-url", defaultValue = "${env:WAYMARK_REDIS_URL}",
      description = "redis://host:port/db of the link store (WAYMARK_REDIS_URL); unset = embedded store.")
  String redisUrl;

  @Option(names = "--clickhouse-url", defaultValue = "${env:WAYMARK_CLICKHOUSE_URL}",
      description = "http://host:8123 of ClickHouse (WAYMARK_CLICKHOUSE_URL); unset = embedded analytics.")
  String clickHouseUrl;

  @Option(names = "--clickhouse-database", defaultValue = "${env:WAYMARK_CLICKHOUSE_DATABASE:-waymark}",
      description = "ClickHouse database (WAYMARK_CLICKHOUSE_DATABASE, default ${DEFAULT-VALUE}).")
  String clickHouseDatabase;

  @Option(names = "--clickhouse-user", defaultValue = "${env:WAYMARK_CLICKHOUSE_USER:-default}",
      description = "ClickHouse user (WAYMARK_CLICKHOUSE_USER, default ${DEFAULT-VALUE}).")
  String clickHouseUser;

  @Option(names = "--clickhouse-password", defaultValue = "${env:WAYMARK_CLICKHOUSE_PASSWORD:-}",
      description = "ClickHouse password (WAYMARK_CLICKHOUSE_PASSWORD, default empty).")
  String clickHousePassword;

  @Option(names = "--data-dir", defaultValue = "${env:WAYMARK_DATA_DIR:-./data}",
      description = "Embedded stores and the hit spool (WAYMARK_DATA_DIR, default ${DEFAULT-VALUE}).")
  String dataDir;

  @Option(names = "--cache-max-links", defaultValue = "${env:WAYMARK_CACHE_MAX_LINKS:-1000000}",
      description = "Links kept in each process's cache (WAYMARK_CACHE_MAX_LINKS, default ${DEFAULT-VALUE}).")
  String cacheMaxLinks;

  @Option(names = "--cache-negative-ttl", defaultValue = "${env:WAYMARK_CACHE_NEGATIVE_TTL:-5s}",
      description = "How long an unknown code is remembered as unknown (WAYMARK_CACHE_NEGATIVE_TTL, default ${DEFAULT-VALUE}).")
  String cacheNegativeTtl;

  @Option(names = "--cache-refresh", defaultValue = "${env:WAYMARK_CACHE_REFRESH:-60s}",
      description = "Cached links are re-read in the background after this long, a safety net "
          + "behind change notifications (WAYMARK_CACHE_REFRESH, default ${DEFAULT-VALUE}).")
  String cacheRefresh;

  @Option(names = "--hit-queue-capacity", defaultValue = "${env:WAYMARK_HIT_QUEUE_CAPACITY:-262144}",
      description = "Hits held between the redirect path and the sink (WAYMARK_HIT_QUEUE_CAPACITY, default ${DEFAULT-VALUE}).")
  String hitQueueCapacity;

  @Option(names = "--hit-batch-size", defaultValue = "${env:WAYMARK_HIT_BATCH_SIZE:-500000}",
      description = "Most hits in one batch, i.e. one insert (WAYMARK_HIT_BATCH_SIZE, default ${DEFAULT-VALUE}).")
  String hitBatchSize;

  @Option(names = "--hit-flush-interval", defaultValue = "${env:WAYMARK_HIT_FLUSH_INTERVAL:-1s}",
      description = "Longest a batch stays open before it is sent; each batch is one insert into "
          + "ClickHouse, which wants about one a second (WAYMARK_HIT_FLUSH_INTERVAL, default ${DEFAULT-VALUE}).")
  String hitFlushInterval;

  @Option(names = "--hit-retry-max-backoff", defaultValue = "${env:WAYMARK_HIT_RETRY_MAX_BACKOFF:-30s}",
      description = "Longest wait between retries while ClickHouse is down; hits wait in the spool "
          + "meanwhile (WAYMARK_HIT_RETRY_MAX_BACKOFF, default ${DEFAULT-VALUE}).")
  String hitRetryMaxBackoff;

  @Option(names = "--spool-max-bytes", defaultValue = "${env:WAYMARK_SPOOL_MAX_BYTES:-1g}",
      description = "Disk the hit spool may use (batches waiting for ClickHouse and spilled hits); "
          + "only past it are hits dropped, and counted. Bytes, or with k, m or g "
          + "(WAYMARK_SPOOL_MAX_BYTES, default ${DEFAULT-VALUE}).")
  String spoolMaxBytes;

  @Option(names = "--spool-fsync", defaultValue = "${env:WAYMARK_SPOOL_FSYNC:-every-second}",
      description = "When spooled hits are forced to disk: every-batch, every-second or never; "
          + "a process crash loses nothing in any mode, a power cut what was not yet forced "
          + "(WAYMARK_SPOOL_FSYNC, default ${DEFAULT-VALUE}).")
  String spoolFsync;

  @Option(names = "--tracking", defaultValue = "${env:WAYMARK_TRACKING:-on}",
      description = "on: every redirect is a row for analysts; off: hits are not recorded at all, "
          + "no analytics store is opened (WAYMARK_TRACKING, default ${DEFAULT-VALUE}).")
  String tracking;

  @Option(names = "--country-header", defaultValue = "${env:WAYMARK_COUNTRY_HEADER}",
      description = "Request header a trusted proxy in front sets to the client's two-letter "
          + "country, e.g. CF-IPCountry or CloudFront-Viewer-Country; unset, hits have no country. "
          + "Set it only when that proxy also replaces what clients send (WAYMARK_COUNTRY_HEADER).")
  String countryHeader;

  @Option(names = "--http-max-connections", defaultValue = "${env:WAYMARK_HTTP_MAX_CONNECTIONS:-auto}",
      description = "Most open connections on the public port; more are closed at once and counted in "
          + "waymark_connections_refused_total. auto: the descriptor limit less the admin share and a "
          + "reserve for stores and spool (WAYMARK_HTTP_MAX_CONNECTIONS, default ${DEFAULT-VALUE}).")
  String httpMaxConnections;

  @Option(names = "--admin-max-connections", defaultValue = "${env:WAYMARK_ADMIN_MAX_CONNECTIONS:-auto}",
      description = "Most open connections on the admin port, a share public traffic cannot take. "
          + "auto: 1/32 of the descriptor limit, 16 to 256 (WAYMARK_ADMIN_MAX_CONNECTIONS, default ${DEFAULT-VALUE}).")
  String adminMaxConnections;

  @Option(names = "--http-idle-timeout", defaultValue = "${env:WAYMARK_HTTP_IDLE_TIMEOUT:-60s}",
      description = "A connection on either port that sends and receives nothing this long is closed "
          + "(WAYMARK_HTTP_IDLE_TIMEOUT, default ${DEFAULT-VALUE}).")
  String httpIdleTimeout;

  @Option(names = "--http-header-timeout", defaultValue = "${env:WAYMARK_HTTP_HEADER_TIMEOUT:-10s}",
      description = "A connection on either port that has not sent a complete request head this long "
          + "after it opened or after its last response is closed (WAYMARK_HTTP_HEADER_TIMEOUT, default ${DEFAULT-VALUE}).")
  String httpHeaderTimeout;

  @Option(names = "--destination-allow", defaultValue = "${env:WAYMARK_DESTINATION_ALLOW:-}",
      description = "Hosts new link destinations must be on, comma-separated: example.com is that host, "
          + "*.example.com its subdomains (list both for both); unset = any host (WAYMARK_DESTINATION_ALLOW).")
  String destinationAllow;

  @Option(names = "--destination-deny", defaultValue = "${env:WAYMARK_DESTINATION_DENY:-}",
      description = "Hosts new link destinations must not be on, patterns as for --destination-allow; "
          + "wins over the allow list (WAYMARK_DESTINATION_DENY, default none).")
  String destinationDeny;

  @Option(names = "--destination-protect", defaultValue = "${env:WAYMARK_DESTINATION_PROTECT:-}",
      description = "Brand hosts, comma-separated: destinations that look like one (homographs, "
          + "typo look-alikes) but are not it or its subdomain are refused, as are hosts with "
          + "mixed-script labels (WAYMARK_DESTINATION_PROTECT, default none).")
  String destinationProtect;

  @Option(names = "--destination-ip-literals", defaultValue = "${env:WAYMARK_DESTINATION_IP_LITERALS:-allow}",
      description = "allow or refuse destinations whose host is an IP address "
          + "(WAYMARK_DESTINATION_IP_LITERALS, default ${DEFAULT-VALUE}).")
  String destinationIpLiterals;

  @Option(names = "--audit-retention", defaultValue = "${env:WAYMARK_AUDIT_RETENTION:-90d}",
      description = "How long the audit log keeps each admin change, e.g. 90d or 720h; older entries "
          + "are removed hourly (WAYMARK_AUDIT_RETENTION, default ${DEFAULT-VALUE}).")
  String auditRetention;

  /** Validates every value; throws {@link ConfigException} naming the first bad one. */
  public WaymarkConfig toConfig() {
    int http = port("WAYMARK_HTTP_PORT", "--http-port", httpPort);
    int admin = port("WAYMARK_ADMIN_PORT", "--admin-port", adminPort);
    if (http == admin && http != 0) {
      throw new ConfigException("WAYMARK_ADMIN_PORT", "--admin-port",
          "must differ from WAYMARK_HTTP_PORT (both are " + http + ")");
    }
    if (adminApiKey != null && adminApiKey.length() < 16) {
      throw new ConfigException("WAYMARK_ADMIN_API_KEY", "--admin-api-key",
          "must be at least 16 characters");
    }
    return new WaymarkConfig(
        new WaymarkConfig.Http(host("WAYMARK_HTTP_HOST", "--http-host", httpHost), http,
            baseUrl(publicBaseUrl), shortDomains(shortDomains)),
        new WaymarkConfig.Admin(host("WAYMARK_ADMIN_HOST", "--admin-host", adminHost), admin,
            blankToNull(adminApiKey)),
        new WaymarkConfig.Redis(redisUrl(blankToNull(redisUrl))),
        new WaymarkConfig.ClickHouse(clickHouseUrl(blankToNull(clickHouseUrl)),
            identifier("WAYMARK_CLICKHOUSE_DATABASE", "--clickhouse-database", clickHouseDatabase),
            require("WAYMARK_CLICKHOUSE_USER", "--clickhouse-user", clickHouseUser),
            clickHousePassword == null ? "" : clickHousePassword),
        new WaymarkConfig.Data(path("WAYMARK_DATA_DIR", "--data-dir", dataDir)),
        new WaymarkConfig.Cache(
            positiveLong("WAYMARK_CACHE_MAX_LINKS", "--cache-max-links", cacheMaxLinks),
            duration("WAYMARK_CACHE_NEGATIVE_TTL", "--cache-negative-ttl", cacheNegativeTtl),
            duration("WAYMARK_CACHE_REFRESH", "--cache-refresh", cacheRefresh)),
        new WaymarkConfig.Hits(
            onOff("WAYMARK_TRACKING", "--tracking", tracking),
            (int) bounded("WAYMARK_HIT_QUEUE_CAPACITY", "--hit-queue-capacity", hitQueueCapacity, 1024, 1 << 26),
            (int) bounded("WAYMARK_HIT_BATCH_SIZE", "--hit-batch-size", hitBatchSize, 1, 1_000_000),
            duration("WAYMARK_HIT_FLUSH_INTERVAL", "--hit-flush-interval", hitFlushInterval),
            duration("WAYMARK_HIT_RETRY_MAX_BACKOFF", "--hit-retry-max-backoff", hitRetryMaxBackoff),
            bytes("WAYMARK_SPOOL_MAX_BYTES", "--spool-max-bytes", spoolMaxBytes, MIN_SPOOL_BYTES),
            fsync(spoolFsync),
            headerName("WAYMARK_COUNTRY_HEADER", "--country-header", blankToNull(countryHeader))),
        connections(DescriptorBudget.ofProcess()),
        destinations(),
        new WaymarkConfig.Audit(duration("WAYMARK_AUDIT_RETENTION", "--audit-retention", auditRetention)));
  }

  /** The destination host rules; with protected hosts this loads ICU's confusable data (tens of ms). */
  private DestinationHosts destinations() {
    List<HostPattern> allow = hostPatterns("WAYMARK_DESTINATION_ALLOW", "--destination-allow", destinationAllow);
    List<HostPattern> deny = hostPatterns("WAYMARK_DESTINATION_DENY", "--destination-deny", destinationDeny);
    List<String> protect;
    try {
      protect = DestinationHosts.parseProtected(destinationProtect);
    } catch (IllegalArgumentException e) {
      throw new ConfigException("WAYMARK_DESTINATION_PROTECT", "--destination-protect", e.getMessage());
    }
    String ip = require("WAYMARK_DESTINATION_IP_LITERALS", "--destination-ip-literals", destinationIpLiterals)
        .toLowerCase(Locale.ROOT);
    if (!ip.equals("allow") && !ip.equals("refuse")) {
      throw new ConfigException("WAYMARK_DESTINATION_IP_LITERALS", "--destination-ip-literals",
          "must be allow or refuse, was '" + destinationIpLiterals + "'");
    }
    if (allow.isEmpty() && deny.isEmpty() && protect.isEmpty() && ip.equals("allow")) {
      return DestinationHosts.ANY;
    }
    return DestinationHosts.of(allow, deny, protect, ip.equals("allow"));
  }

  private static List<HostPattern> hostPatterns(String var, String flag, String value) {
    try {
      return HostPattern.parseList(value);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(var, flag, e.getMessage());
    }
  }

  /** The connection settings, {@code auto} caps taken from {@code budget}. */
  WaymarkConfig.Connections connections(DescriptorBudget budget) {
    return new WaymarkConfig.Connections(
        cap("WAYMARK_HTTP_MAX_CONNECTIONS", "--http-max-connections", httpMaxConnections, budget.httpMax()),
        cap("WAYMARK_ADMIN_MAX_CONNECTIONS", "--admin-max-connections", adminMaxConnections, budget.adminMax()),
        duration("WAYMARK_HTTP_IDLE_TIMEOUT", "--http-idle-timeout", httpIdleTimeout),
        duration("WAYMARK_HTTP_HEADER_TIMEOUT", "--http-header-timeout", httpHeaderTimeout));
  }

  private static int cap(String var, String flag, String value, int auto) {
    if (value == null || value.isBlank() || value.strip().equalsIgnoreCase("auto")) {
      return auto;
    }
    return (int) bounded(var, flag, value, 1, 10_000_000);
  }

  private static String require(String var, String flag, String value) {
    if (value == null || value.isBlank()) {
      throw new ConfigException(var, flag, "must not be empty");
    }
    return value.trim();
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.trim();
  }

  private static String host(String var, String flag, String value) {
    String host = require(var, flag, value);
    if (!host.matches("[A-Za-z0-9.:\\-\\[\\]]+")) {
      throw new ConfigException(var, flag, "'" + host + "' is not a host name or IP address");
    }
    return host;
  }

  static int port(String var, String flag, String value) {
    return (int) bounded(var, flag, value, 0, 65535);
  }

  private static long positiveLong(String var, String flag, String value) {
    return bounded(var, flag, value, 1, Long.MAX_VALUE);
  }

  private static long bounded(String var, String flag, String value, long min, long max) {
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

  /** Room for a full spill record (16 MiB) and a large batch beside it. */
  private static final long MIN_SPOOL_BYTES = 64L << 20;

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

  private static boolean onOff(String var, String flag, String value) {
    String text = require(var, flag, value).toLowerCase(Locale.ROOT);
    if (!text.equals("on") && !text.equals("off")) {
      throw new ConfigException(var, flag, "must be on or off, was '" + value + "'");
    }
    return text.equals("on");
  }

  /** An HTTP header name (RFC 9110 token), or {@code null}. */
  private static String headerName(String var, String flag, String value) {
    if (value != null && !value.matches("[!#$%&'*+.^_`|~0-9A-Za-z-]{1,128}")) {
      throw new ConfigException(var, flag, "'" + value + "' is not an HTTP header name");
    }
    return value;
  }

  private static SpoolFsync fsync(String value) {
    String text = require("WAYMARK_SPOOL_FSYNC", "--spool-fsync", value).toLowerCase(Locale.ROOT);
    for (SpoolFsync f : SpoolFsync.values()) {
      if (f.name().toLowerCase(Locale.ROOT).replace('_', '-').equals(text)) {
        return f;
      }
    }
    throw new ConfigException("WAYMARK_SPOOL_FSYNC", "--spool-fsync",
        "must be every-batch, every-second or never, was '" + value + "'");
  }

  /** Durations as {@code 250ms}, {@code 5s}, {@code 2m}, {@code 1h}, {@code 90d}, or ISO-8601 ({@code PT5S}). */
  static Duration duration(String var, String flag, String value) {
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
    if (d.isNegative() || d.isZero()) {
      throw new ConfigException(var, flag, "must be positive, was " + value);
    }
    return d;
  }

  private static URI baseUrl(String value) {
    String var = "WAYMARK_PUBLIC_BASE_URL";
    String flag = "--public-base-url";
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
  private static List<String> shortDomains(String value) {
    String var = "WAYMARK_SHORT_DOMAINS";
    String flag = "--short-domains";
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

  private static URI redisUrl(String value) {
    if (value == null) {
      return null;
    }
    String var = "WAYMARK_REDIS_URL";
    String flag = "--redis-url";
    URI uri = uri(var, flag, value);
    if (!("redis".equals(uri.getScheme()) || "rediss".equals(uri.getScheme())) || uri.getHost() == null) {
      throw new ConfigException(var, flag, "must look like redis://host:port/db, was '" + value + "'");
    }
    String path = uri.getPath();
    if (path != null && !path.isEmpty() && !path.matches("/\\d{0,2}")) {
      throw new ConfigException(var, flag, "database must be a number, as in redis://host:6379/0");
    }
    return uri;
  }

  private static URI clickHouseUrl(String value) {
    if (value == null) {
      return null;
    }
    String var = "WAYMARK_CLICKHOUSE_URL";
    String flag = "--clickhouse-url";
    URI uri = uri(var, flag, value);
    if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
      throw new ConfigException(var, flag, "must look like http://host:8123, was '" + value + "'");
    }
    return uri;
  }

  private static String identifier(String var, String flag, String value) {
    String text = require(var, flag, value);
    if (!text.matches("[A-Za-z_][A-Za-z0-9_]{0,63}")) {
      throw new ConfigException(var, flag, "must be letters, digits and underscores, was '" + text + "'");
    }
    return text;
  }

  private static Path path(String var, String flag, String value) {
    try {
      return Path.of(require(var, flag, value)).toAbsolutePath().normalize();
    } catch (InvalidPathException e) {
      throw new ConfigException(var, flag, "'" + value + "' is not a valid path");
    }
  }

  private static URI uri(String var, String flag, String value) {
    try {
      return new URI(value);
    } catch (URISyntaxException e) {
      throw new ConfigException(var, flag, "'" + value + "' is not a URL: " + e.getReason());
    }
  }
}
