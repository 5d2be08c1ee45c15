package dev.waymark.config;

import static dev.waymark.config.Setting.*;

import dev.waymark.destination.DestinationHosts;
import dev.waymark.destination.HostPattern;
import dev.waymark.hit.clickhouse.ClickHouseConfig;
import dev.waymark.hit.sink.AnalyticsSinkConfig;
import dev.waymark.proxy.ForwardedHeader;
import dev.waymark.proxy.FrontProxies;
import dev.waymark.proxy.TrustedProxies;
import java.net.URI;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.IGetter;
import picocli.CommandLine.Model.ISetter;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The settings as the user gives them: one {@code --flag} per {@link Setting}, whose default is
 * the matching {@code WAYMARK_*} environment variable. Values are kept as text and validated in
 * {@link #toConfig()}, so every error names the variable, not a Java type.
 *
 * <p>Use it as a picocli {@code @Mixin}, or as the command itself ({@code new
 * CommandLine(new ConfigOptions())}). The options are added when a {@link CommandLine} is built
 * (picocli hands a mixin's model transformer to the command that mixes it in), so {@code
 * CommandLine.populateCommand}, which applies no transformer, does not see them: use {@link
 * #parse(String...)}.
 */
@Command(modelTransformer = ConfigOptions.DeclareOptions.class)
public final class ConfigOptions {

  private final Map<Setting, String> text = new EnumMap<>(Setting.class);

  /** Settings from {@code args} over the environment, as {@code waymark} itself reads them. */
  public static ConfigOptions parse(String... args) {
    ConfigOptions options = new ConfigOptions();
    new CommandLine(options).parseArgs(args);
    return options;
  }

  /**
   * {@link #toConfig()} for a subcommand: {@code null} after telling {@code err} which value is
   * wrong, for the subcommand to exit with status 2.
   */
  public WaymarkConfig toConfigOrExplain(java.io.PrintStream err) {
    try {
      return toConfig();
    } catch (ConfigException e) {
      err.println("waymark: " + e.getMessage());
      return null;
    }
  }

  /** Validates every value; throws {@link ConfigException} naming the first bad one. */
  public WaymarkConfig toConfig() {
    // The order of the reads is the order of the checks, so the first bad value is reported.
    int http = get(HTTP_PORT);
    int admin = get(ADMIN_PORT);
    if (http == admin && http != 0) {
      throw ADMIN_PORT.invalid("must differ from " + HTTP_PORT.env() + " (both are " + http + ")");
    }
    String apiKey = get(ADMIN_API_KEY);
    WaymarkConfig.Http httpConfig = new WaymarkConfig.Http(get(HTTP_HOST), http, get(PUBLIC_BASE_URL), get(SHORT_DOMAINS));
    WaymarkConfig.Admin adminConfig = new WaymarkConfig.Admin(get(ADMIN_HOST), admin, apiKey);
    WaymarkConfig.Redis redis = new WaymarkConfig.Redis(get(REDIS_URL));
    URI clickHouseUrl = get(CLICKHOUSE_URL);
    String database = get(CLICKHOUSE_DATABASE);
    String user = get(CLICKHOUSE_USER);
    String password = get(CLICKHOUSE_PASSWORD);
    String cluster = get(CLICKHOUSE_CLUSTER);
    ClickHouseConfig clickHouse = clickHouseUrl == null ? null
        : new ClickHouseConfig(clickHouseUrl, database, user, password, null, cluster);
    WaymarkConfig.Data data = new WaymarkConfig.Data(get(DATA_DIR));
    WaymarkConfig.Cache cache = new WaymarkConfig.Cache(get(CACHE_MAX_LINKS), get(CACHE_NEGATIVE_TTL), get(CACHE_REFRESH),
        get(CACHE_PRIME));
    boolean tracking = get(TRACKING);
    int queueCapacity = get(HIT_QUEUE_CAPACITY);
    AnalyticsSinkConfig sink = AnalyticsSinkConfig.defaults(clickHouse)
        .withBatches(get(HIT_BATCH_SIZE), get(HIT_FLUSH_INTERVAL))
        .withMaxBackoff(get(HIT_RETRY_MAX_BACKOFF))
        .withSpoolBudget(get(SPOOL_MAX_BYTES), get(SPOOL_FSYNC));
    FrontProxies proxies = proxies();
    String countryHeader = get(COUNTRY_HEADER);
    if (countryHeader != null && proxies.trusted().isEmpty()) {
      throw COUNTRY_HEADER.invalid("is believed only from trusted proxies: set " + TRUSTED_PROXIES.env() + " too");
    }
    Path geoIpDb = get(GEOIP_DB);
    WaymarkConfig.Hits hits = new WaymarkConfig.Hits(tracking, queueCapacity, countryHeader, geoIpDb);
    return new WaymarkConfig(httpConfig, adminConfig, redis, data, cache, hits, sink.withGeoIpDb(geoIpDb),
        connections(DescriptorBudget.ofProcess()),
        destinations(),
        new WaymarkConfig.Audit(get(AUDIT_RETENTION)),
        proxies,
        get(SHUTDOWN_DRAIN));
  }

  private FrontProxies proxies() {
    TrustedProxies trusted = get(TRUSTED_PROXIES);
    ForwardedHeader header = get(FORWARDED_HEADER);
    boolean proxyProtocol = get(PROXY_PROTOCOL);
    if (proxyProtocol && trusted.isEmpty()) {
      throw PROXY_PROTOCOL.invalid("names clients only for trusted proxies: set " + TRUSTED_PROXIES.env() + " too");
    }
    return new FrontProxies(trusted, header, proxyProtocol);
  }

  /** The connection settings, {@code auto} caps taken from {@code budget}. */
  WaymarkConfig.Connections connections(DescriptorBudget budget) {
    Integer httpMax = get(HTTP_MAX_CONNECTIONS);
    Integer adminMax = get(ADMIN_MAX_CONNECTIONS);
    return new WaymarkConfig.Connections(
        httpMax == null ? budget.httpMax() : httpMax,
        adminMax == null ? budget.adminMax() : adminMax,
        get(HTTP_IDLE_TIMEOUT), get(HTTP_HEADER_TIMEOUT));
  }

  /** The destination host rules; with protected hosts this loads ICU's confusable data (tens of ms). */
  private DestinationHosts destinations() {
    List<HostPattern> allow = get(DESTINATION_ALLOW);
    List<HostPattern> deny = get(DESTINATION_DENY);
    List<String> protect = get(DESTINATION_PROTECT);
    boolean ipLiterals = get(DESTINATION_IP_LITERALS);
    if (allow.isEmpty() && deny.isEmpty() && protect.isEmpty() && ipLiterals) {
      return DestinationHosts.ANY;
    }
    return DestinationHosts.of(allow, deny, protect, ipLiterals);
  }

  /** The parsed value; the table's parser decides its type, the caller's variable names it. */
  @SuppressWarnings("unchecked")
  private <T> T get(Setting setting) {
    return (T) setting.parse(text.get(setting));
  }

  /** Adds one picocli option per {@link Setting} to the command that holds a {@link ConfigOptions}. */
  public static final class DeclareOptions implements CommandLine.IModelTransformer {
    @Override
    public CommandSpec transform(CommandSpec command) {
      ConfigOptions options = holder(command);
      for (Setting setting : Setting.values()) {
        Binding binding = options.new Binding(setting);
        command.addOption(OptionSpec.builder(setting.flag())
            .paramLabel(paramLabel(setting))
            .type(String.class)
            .defaultValue(setting.defaultValue() == null
                ? "${env:" + setting.env() + "}"
                : "${env:" + setting.env() + ":-" + setting.defaultValue() + "}")
            .description(setting.help())
            .getter(binding)
            .setter(binding)
            .build());
      }
      return command;
    }

    private static ConfigOptions holder(CommandSpec command) {
      if (command.userObject() instanceof ConfigOptions options) {
        return options;
      }
      return command.mixins().values().stream()
          .map(CommandSpec::userObject)
          .filter(ConfigOptions.class::isInstance)
          .map(ConfigOptions.class::cast)
          .findFirst()
          .orElseThrow(() -> new IllegalStateException(command.name() + " has no ConfigOptions mixin"));
    }

    /** {@code --http-port=<httpPort>}, as the annotated fields were labelled. */
    private static String paramLabel(Setting setting) {
      StringBuilder label = new StringBuilder("<");
      boolean upper = false;
      for (char c : setting.name().toLowerCase(Locale.ROOT).toCharArray()) {
        if (c == '_') {
          upper = true;
        } else {
          label.append(upper ? Character.toUpperCase(c) : c);
          upper = false;
        }
      }
      return label.append('>').toString();
    }
  }

  /** Where picocli reads and writes one setting's text. */
  private final class Binding implements IGetter, ISetter {
    private final Setting setting;

    Binding(Setting setting) {
      this.setting = setting;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T get() {
      return (T) text.get(setting);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T set(T value) {
      return (T) text.put(setting, (String) value);
    }
  }
}
