package dev.waymark.config;

import java.util.Locale;

/**
 * The one table of Waymark's settings: each is the environment variable {@code WAYMARK_<NAME>}
 * and the flag {@code --<name>}, with its default, its help text and its parser. The picocli
 * options ({@link ConfigOptions}), {@code --help}, validation and the README's configuration
 * table (checked by a test) all come from here; a new setting is one new line.
 */
public enum Setting {
  HTTP_HOST("0.0.0.0", SettingParsers::host, "Interface of the public redirect listener"),
  HTTP_PORT("8080", SettingParsers::port, "Public redirect port"),
  PUBLIC_BASE_URL("http://localhost:8080", SettingParsers::baseUrl, "Base of the short URLs"),
  SHORT_DOMAINS(null, SettingParsers::shortDomains,
      "Other hosts that serve these short URLs, comma-separated (host or host:port; host alone means "
          + "ports 80 and 443); links to a code on them, or on the public base URL, are refused"),
  ADMIN_HOST("0.0.0.0", SettingParsers::host, "Interface of the admin listener"),
  ADMIN_PORT("8081", SettingParsers::port, "Admin API, health and metrics port"),
  ADMIN_API_KEY(null, SettingParsers::apiKey,
      "Admin API key to accept, 16 characters or more; unset = generate one on first start"),
  REDIS_URL(null, SettingParsers::redisUrl, "redis://host:port/db, redis-cluster://host:port,host:port or"
      + " redis-sentinel://host:port,host:port/master of the link store; unset = embedded store"),
  CLICKHOUSE_URL(null, SettingParsers::clickHouseUrl,
      "http://host:8123 of ClickHouse; unset = embedded analytics"),
  CLICKHOUSE_DATABASE("waymark", SettingParsers::identifier, "ClickHouse database"),
  CLICKHOUSE_USER("default", SettingParsers::require, "ClickHouse user"),
  CLICKHOUSE_PASSWORD("", (var, flag, value) -> value == null ? "" : value, "ClickHouse password"),
  CLICKHOUSE_CLUSTER(null, SettingParsers::optionalIdentifier,
      "ClickHouse cluster (a remote_servers name) to spread the schema over: tables per shard behind "
          + "Distributed tables, created ON CLUSTER; unset = one server"),
  DATA_DIR("./data", SettingParsers::path, "Embedded stores and the hit spool"),
  CACHE_MAX_LINKS("1000000", SettingParsers::positiveLong, "Links kept in each process's cache"),
  CACHE_NEGATIVE_TTL("5s", SettingParsers::duration, "How long an unknown code is remembered as unknown"),
  CACHE_REFRESH("60s", SettingParsers::duration,
      "Cached links are re-read in the background after this long, a safety net behind change notifications"),
  CACHE_PRIME("10s", SettingParsers::shortWait,
      "At start, before readiness says yes, the cache is filled with the stored links, newest first, until "
          + "it holds them all or --cache-max-links, for at most this long; 0s = start with an empty cache"),
  HIT_QUEUE_CAPACITY("262144", (var, flag, value) -> (int) SettingParsers.bounded(var, flag, value, 1024, 1 << 26),
      "Hits held between the redirect path and the sink"),
  HIT_BATCH_SIZE("500000", (var, flag, value) -> (int) SettingParsers.bounded(var, flag, value, 1, 1_000_000),
      "Most hits in one batch, i.e. one insert"),
  HIT_FLUSH_INTERVAL("1s", SettingParsers::duration,
      "Longest a batch stays open before it is sent; each batch is one insert into ClickHouse, which "
          + "wants about one a second"),
  HIT_RETRY_MAX_BACKOFF("30s", SettingParsers::duration,
      "Longest wait between retries while ClickHouse is down; hits wait in the spool meanwhile"),
  SPOOL_MAX_BYTES("1g", SettingParsers::spoolBytes,
      "Disk the hit spool may use (batches waiting for ClickHouse and spilled hits); only past it are "
          + "hits dropped, and counted. Bytes, or with k, m or g"),
  SPOOL_FSYNC("every-second", SettingParsers::fsync,
      "When spooled hits are forced to disk: every-batch, every-second or never; a process crash loses "
          + "nothing in any mode, a power cut what was not yet forced"),
  TRACKING("on", SettingParsers::onOff,
      "on: every redirect is a row for analysts; off: hits are not recorded at all, no analytics store "
          + "is opened"),
  TRUSTED_PROXIES(null, SettingParsers::trustedProxies,
      "Load balancers and CDNs in front, comma-separated networks or addresses (10.0.0.0/8, "
          + "2001:db8::/32, 127.0.0.1): only from these peers are the forwarding header, the PROXY "
          + "protocol and the country header believed; unset = the peer is the client"),
  FORWARDED_HEADER("X-Forwarded-For", SettingParsers::forwardedHeader,
      "The header trusted proxies put the client chain in: X-Forwarded-For or Forwarded (RFC 7239); "
          + "the client is its right-most address that is not a trusted proxy"),
  PROXY_PROTOCOL("off", SettingParsers::onOff,
      "on: every connection to the public port starts with the PROXY protocol (v1 or v2, HAProxy's "
          + "send-proxy), whose client address counts when the connection comes from a trusted proxy"),
  COUNTRY_HEADER(null, SettingParsers::headerName,
      "Request header a trusted proxy in front sets to the client's two-letter country, e.g. "
          + "CF-IPCountry or CloudFront-Viewer-Country; read only from trusted proxies, so it needs "
          + "--trusted-proxies; where it names none, --geoip-db is asked"),
  GEOIP_DB(null, SettingParsers::geoIpDb,
      "A MaxMind-format country database (.mmdb: GeoLite2, DB-IP Lite, ip-location-db) that gives a "
          + "hit the country of its client IP when no country header named one; read into memory at "
          + "start; unset, such hits have no country"),
  HTTP_MAX_CONNECTIONS("auto", SettingParsers::connectionCap,
      "Most open connections on the public port; more are closed at once and counted in "
          + "waymark_connections_refused_total. auto: the descriptor limit less the admin share and a "
          + "reserve for stores and spool"),
  ADMIN_MAX_CONNECTIONS("auto", SettingParsers::connectionCap,
      "Most open connections on the admin port, a share public traffic cannot take. auto: 1/32 of the "
          + "descriptor limit, 16 to 256"),
  HTTP_IDLE_TIMEOUT("60s", SettingParsers::duration,
      "A connection on either port that sends and receives nothing this long is closed"),
  HTTP_HEADER_TIMEOUT("10s", SettingParsers::duration,
      "A connection on either port that has not sent a complete request head this long after it "
          + "opened or after its last response is closed"),
  DESTINATION_ALLOW(null, SettingParsers::hostPatterns,
      "Hosts new link destinations must be on, comma-separated: example.com is that host, "
          + "*.example.com its subdomains (list both for both); unset = any host"),
  DESTINATION_DENY(null, SettingParsers::hostPatterns,
      "Hosts new link destinations must not be on, patterns as for --destination-allow; wins over "
          + "the allow list"),
  DESTINATION_PROTECT(null, SettingParsers::protectedHosts,
      "Brand hosts, comma-separated: destinations that look like one (homographs, typo look-alikes) "
          + "but are not it or its subdomain are refused, as are hosts with mixed-script labels"),
  DESTINATION_IP_LITERALS("allow", SettingParsers::allowIpLiterals,
      "allow or refuse destinations whose host is an IP address"),
  SHUTDOWN_DRAIN("0s", SettingParsers::shortWait,
      "After SIGTERM, how long readiness answers 503 while both ports keep serving, before they close: "
          + "set it above a load balancer's health-check interval times its fall count, so a rolling "
          + "restart fails no request"),
  AUDIT_RETENTION("90d", SettingParsers::duration,
      "How long the audit log keeps each admin change, e.g. 90d or 720h; older entries are removed hourly");

  /** Turns a setting's text (its flag, else its variable, else its default; may be null) into its value. */
  @FunctionalInterface
  interface Parser {
    /** Throws {@link ConfigException} naming {@code var} and {@code flag} when the text is not valid. */
    Object parse(String var, String flag, String value);
  }

  private final String defaultValue;
  private final Parser parser;
  private final String doc;

  Setting(String defaultValue, Parser parser, String doc) {
    this.defaultValue = defaultValue;
    this.parser = parser;
    this.doc = doc;
  }

  /** The environment variable, e.g. {@code WAYMARK_HTTP_PORT}. */
  public String env() {
    return "WAYMARK_" + name();
  }

  /** The flag, e.g. {@code --http-port}. */
  public String flag() {
    return "--" + name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** The value when neither flag nor variable is given, {@code null} for none. */
  public String defaultValue() {
    return defaultValue;
  }

  /** The default as the help and the README show it: {@code unset} when there is none. */
  public String shownDefault() {
    if (defaultValue == null) {
      return "unset";
    }
    return defaultValue.isEmpty() ? "empty" : defaultValue;
  }

  /** One line of {@code --help}; shows the value in effect only where it is no secret. */
  String help() {
    String shown = defaultValue == null || defaultValue.isEmpty() ? shownDefault() : "${DEFAULT-VALUE}";
    return doc + " (" + env() + ", default " + shown + ").";
  }

  /** The parsed value of {@code text}; a bad one is a {@link ConfigException} naming this setting. */
  Object parse(String text) {
    return parser.parse(env(), flag(), text);
  }

  /** A refusal of this setting's value, worded as every other. */
  public ConfigException invalid(String why) {
    return new ConfigException(env(), flag(), why);
  }
}
