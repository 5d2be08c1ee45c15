package dev.waymark.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.waymark.hit.sink.SpoolFsync;
import dev.waymark.proxy.ForwardedHeader;
import dev.waymark.proxy.FrontProxies;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ConfigOptionsTest {

  private static WaymarkConfig parse(String... args) {
    ConfigOptions options = new ConfigOptions();
    new CommandLine(options).parseArgs(args);
    return options.toConfig();
  }

  @Test
  void auditRetention_defaultsTo90Days_takesDaysOrAnyDuration_refusesNonsenseNamingTheVariable() {
    assertThat(parse().audit().retention()).isEqualTo(java.time.Duration.ofDays(90));
    assertThat(parse("--audit-retention", "7d").audit().retention()).isEqualTo(java.time.Duration.ofDays(7));
    assertThat(parse("--audit-retention", "36h").audit().retention()).isEqualTo(java.time.Duration.ofHours(36));
    assertThatThrownBy(() -> parse("--audit-retention", "forever"))
        .hasMessageContaining("WAYMARK_AUDIT_RETENTION").hasMessageContaining("--audit-retention");
    assertThatThrownBy(() -> parse("--audit-retention", "0d")).hasMessageContaining("must be positive");
  }

  @Test
  void flags_overrideDefaults() {
    WaymarkConfig config = parse("--http-port", "9090", "--admin-port", "9091",
        "--public-base-url", "https://go.example.com/", "--redis-url", "redis://127.0.0.1:6379/2",
        "--cache-negative-ttl", "250ms", "--cache-max-links", "10");
    assertThat(config.http().port()).isEqualTo(9090);
    assertThat(config.admin().port()).isEqualTo(9091);
    assertThat(config.http().publicBaseUrl()).hasToString("https://go.example.com");
    assertThat(config.redis().enabled()).isTrue();
    assertThat(config.cache().negativeTtl()).isEqualTo(Duration.ofMillis(250));
    assertThat(config.cache().maxLinks()).isEqualTo(10);
  }

  @Test
  void shortDomains_normalizedToAsciiLowerCase() {
    assertThat(parse().http().shortDomains()).isEmpty();
    assertThat(parse("--short-domains", " Go.Example. , bücher.example,qr.example:8443").http().shortDomains())
        .containsExactly("go.example", "xn--bcher-kva.example", "qr.example:8443");
  }

  @Test
  void shortDomains_notHosts_namesTheVariable() {
    for (String bad : new String[] {"https://go.example", "go.example/x", "go.example,,qr.example", "a b.example",
        "go.example:0", "go.example:http"}) {
      assertThatThrownBy(() -> parse("--short-domains", bad)).as(bad)
          .isInstanceOf(ConfigException.class)
          .hasMessageStartingWith("WAYMARK_SHORT_DOMAINS (--short-domains): ");
    }
  }

  @Test
  void badPort_namesTheVariable() {
    assertThatThrownBy(() -> parse("--http-port", "eighty"))
        .isInstanceOf(ConfigException.class)
        .hasMessage("WAYMARK_HTTP_PORT (--http-port): 'eighty' is not a whole number");
    assertThatThrownBy(() -> parse("--admin-port", "70000"))
        .hasMessageStartingWith("WAYMARK_ADMIN_PORT (--admin-port): must be between 0 and 65535");
  }

  @Test
  void clusterAndSentinelUrls_areAccepted() {
    assertThat(parse("--redis-url", "redis-cluster://10.0.0.1:7000,10.0.0.2:7001").redis().url())
        .hasToString("redis-cluster://10.0.0.1:7000,10.0.0.2:7001");
    assertThat(parse("--redis-url", "redis-sentinel://s1:26379,s2/mymaster").redis().enabled()).isTrue();
  }

  @Test
  void clickHouseCluster_unsetIsOneServer_setNamesTheCluster_refusesWhatCannotBeOne() {
    assertThat(parse("--clickhouse-url", "http://127.0.0.1:8123").sink().clickHouse().cluster()).isNull();
    assertThat(parse("--clickhouse-url", "http://127.0.0.1:8123", "--clickhouse-cluster", "").sink().clickHouse()
        .cluster()).isNull();
    assertThat(parse("--clickhouse-url", "http://127.0.0.1:8123", "--clickhouse-cluster", "waymark").sink()
        .clickHouse().cluster()).isEqualTo("waymark");
    assertThatThrownBy(() -> parse("--clickhouse-url", "http://127.0.0.1:8123", "--clickhouse-cluster", "my-cluster"))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("WAYMARK_CLICKHOUSE_CLUSTER (--clickhouse-cluster): must be letters, digits");
  }

  @Test
  void samePortTwice_isRefused() {
    assertThatThrownBy(() -> parse("--http-port", "9000", "--admin-port", "9000"))
        .hasMessageContaining("WAYMARK_ADMIN_PORT").hasMessageContaining("must differ");
  }

  @Test
  void badUrls_areRefusedWithTheReason() {
    assertThatThrownBy(() -> parse("--redis-url", "http://localhost:6379"))
        .hasMessageStartingWith("WAYMARK_REDIS_URL (--redis-url): must look like redis://host:port/db");
    assertThatThrownBy(() -> parse("--redis-url", "redis://localhost:6379/zero"))
        .hasMessageContaining("database must be a number");
    assertThatThrownBy(() -> parse("--redis-url", "redis-cluster://a:7000,b:seven"))
        .hasMessageStartingWith("WAYMARK_REDIS_URL (--redis-url): must look like redis-cluster://host:port,host:port")
        .hasMessageContaining("'b:seven' is not a host:port");
    assertThatThrownBy(() -> parse("--redis-url", "redis-cluster://a:7000,b:7001/0"))
        .hasMessageContaining("a Redis Cluster has only database 0");
    assertThatThrownBy(() -> parse("--redis-url", "redis-sentinel://:pw@a:26379,b:26379"))
        .hasMessageStartingWith("WAYMARK_REDIS_URL (--redis-url): must name the master")
        .hasMessageNotContaining("pw");
    assertThatThrownBy(() -> parse("--clickhouse-url", "localhost:8123"))
        .hasMessageStartingWith("WAYMARK_CLICKHOUSE_URL");
    assertThatThrownBy(() -> parse("--public-base-url", "go.example.com"))
        .hasMessageStartingWith("WAYMARK_PUBLIC_BASE_URL");
    assertThatThrownBy(() -> parse("--public-base-url", "https://go.example.com/?x=1"))
        .hasMessageContaining("must not have a query");
  }

  @Test
  void spool_defaultsAndFlags() {
    WaymarkConfig defaults = parse();
    assertThat(defaults.sink().spoolBudgetBytes()).isEqualTo(1L << 30);
    assertThat(defaults.sink().fsync()).isEqualTo(SpoolFsync.EVERY_SECOND);
    WaymarkConfig set = parse("--spool-max-bytes", "256m", "--spool-fsync", "every-batch");
    assertThat(set.sink().spoolBudgetBytes()).isEqualTo(256L << 20);
    assertThat(set.sink().fsync()).isEqualTo(SpoolFsync.EVERY_BATCH);
    assertThatThrownBy(() -> parse("--spool-fsync", "sometimes"))
        .hasMessage("WAYMARK_SPOOL_FSYNC (--spool-fsync): must be every-batch, every-second or never, was 'sometimes'");
  }

  @Test
  void tracking_onByDefault_offWhenSaid() {
    assertThat(parse().hits().tracking()).isTrue();
    assertThat(parse("--tracking", "OFF").hits().tracking()).isFalse();
    assertThatThrownBy(() -> parse("--tracking", "no"))
        .hasMessage("WAYMARK_TRACKING (--tracking): must be on or off, was 'no'");
  }

  @Test
  void proxies_trustNobodyByDefault_andRefuseWhatIsNotANetwork() {
    FrontProxies none = parse().proxies();
    assertThat(none.trusted().isEmpty()).isTrue();
    assertThat(none.header()).isEqualTo(ForwardedHeader.X_FORWARDED_FOR);
    assertThat(none.proxyProtocol()).isFalse();
    FrontProxies set = parse("--trusted-proxies", "10.0.0.0/8, ::1", "--forwarded-header", "forwarded",
        "--proxy-protocol", "on").proxies();
    assertThat(set.trusted().toString()).isEqualTo("10.0.0.0/8,::1/128");
    assertThat(set.header()).isEqualTo(ForwardedHeader.FORWARDED);
    assertThat(set.proxyProtocol()).isTrue();
    assertThatThrownBy(() -> parse("--trusted-proxies", "10.0.0.1/8"))
        .hasMessage("WAYMARK_TRUSTED_PROXIES (--trusted-proxies): '10.0.0.1/8' has host bits set; the network is "
            + "10.0.0.0/8");
    assertThatThrownBy(() -> parse("--trusted-proxies", "lb.internal"))
        .hasMessage("WAYMARK_TRUSTED_PROXIES (--trusted-proxies): 'lb.internal' is not an IP address or network (CIDR)");
    assertThatThrownBy(() -> parse("--forwarded-header", "X-Real-IP"))
        .hasMessage("WAYMARK_FORWARDED_HEADER (--forwarded-header): must be X-Forwarded-For or Forwarded, was 'X-Real-IP'");
    assertThatThrownBy(() -> parse("--proxy-protocol", "on"))
        .hasMessage("WAYMARK_PROXY_PROTOCOL (--proxy-protocol): names clients only for trusted proxies: set "
            + "WAYMARK_TRUSTED_PROXIES too");
  }

  @Test
  void shutdownDrain_noneByDefault_upToAnHour() {
    assertThat(parse().shutdownDrain()).isZero();
    assertThat(parse("--shutdown-drain", "5s").shutdownDrain()).isEqualTo(Duration.ofSeconds(5));
    assertThatThrownBy(() -> parse("--shutdown-drain", "2h"))
        .hasMessage("WAYMARK_SHUTDOWN_DRAIN (--shutdown-drain): must be at most 1h, was 2h");
    assertThatThrownBy(() -> parse("--shutdown-drain", "-1s"))
        .hasMessage("WAYMARK_SHUTDOWN_DRAIN (--shutdown-drain): must not be negative, was -1s");
  }

  @Test
  void countryHeader_unsetByDefault_aHeaderNameWhenSet() {
    assertThat(parse().hits().countryHeader()).isNull();
    assertThat(parse("--country-header", "CF-IPCountry", "--trusted-proxies", "10.0.0.0/8").hits().countryHeader())
        .isEqualTo("CF-IPCountry");
    assertThatThrownBy(() -> parse("--country-header", "CF-IPCountry"))
        .hasMessage("WAYMARK_COUNTRY_HEADER (--country-header): is believed only from trusted proxies: set "
            + "WAYMARK_TRUSTED_PROXIES too");
    assertThatThrownBy(() -> parse("--country-header", "Country: NL"))
        .hasMessage("WAYMARK_COUNTRY_HEADER (--country-header): 'Country: NL' is not an HTTP header name");
  }

  @Test
  void geoIpDb_unsetByDefault_aMaxMindFileWhenSet_theSinkGetsItToo(@TempDir Path dir) throws Exception {
    assertThat(parse().hits().geoIpDb()).isNull();
    assertThat(parse().sink().geoIpDb()).isNull();
    // What the start-up check reads of a MaxMind DB: its metadata marker near the end.
    Path mmdb = dir.resolve("countries.mmdb");
    byte[] marker = {(byte) 0xAB, (byte) 0xCD, (byte) 0xEF, 'M', 'a', 'x', 'M', 'i', 'n', 'd', '.', 'c', 'o', 'm'};
    Files.write(mmdb, new byte[4096]);
    Files.write(mmdb, marker, StandardOpenOption.APPEND);
    WaymarkConfig config = parse("--geoip-db", mmdb.toString());
    assertThat(config.hits().geoIpDb()).isEqualTo(mmdb.toAbsolutePath());
    assertThat(config.sink().geoIpDb()).isEqualTo(mmdb.toAbsolutePath());
  }

  @Test
  void geoIpDb_missingOrNotAMaxMindFile_stopsTheStartNamingTheSetting(@TempDir Path dir) throws Exception {
    Path missing = dir.resolve("GeoLite2-Country.mmdb");
    assertThatThrownBy(() -> parse("--geoip-db", missing.toString())).isInstanceOf(ConfigException.class)
        .hasMessage("WAYMARK_GEOIP_DB (--geoip-db): no such file: " + missing);
    Path csv = Files.writeString(dir.resolve("countries.csv"), "network,country\n1.0.0.0/24,AU\n");
    assertThatThrownBy(() -> parse("--geoip-db", csv.toString())).isInstanceOf(ConfigException.class)
        .hasMessage("WAYMARK_GEOIP_DB (--geoip-db): " + csv + " is not a MaxMind DB (.mmdb) file");
    assertThatThrownBy(() -> parse("--geoip-db", dir.toString())).isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("WAYMARK_GEOIP_DB (--geoip-db): no such file");
  }

  @Test
  void bytes_acceptUnits_refuseNonsenseAndTooLittle() {
    assertThat(SettingParsers.bytes("V", "--v", "2G", 1)).isEqualTo(2L << 30);
    assertThat(SettingParsers.bytes("V", "--v", "512k", 1)).isEqualTo(512L << 10);
    assertThat(SettingParsers.bytes("V", "--v", "123456789", 1)).isEqualTo(123456789L);
    assertThatThrownBy(() -> SettingParsers.bytes("V", "--v", "lots", 1))
        .hasMessage("V (--v): 'lots' is not a size such as 512m or 2g");
    assertThatThrownBy(() -> SettingParsers.bytes("V", "--v", "-5m", 1))
        .hasMessage("V (--v): '-5m' is not a size such as 512m or 2g");
    assertThatThrownBy(() -> SettingParsers.bytes("V", "--v", "99999999999999g", 1))
        .hasMessage("V (--v): '99999999999999g' is not a size such as 512m or 2g");
    assertThatThrownBy(() -> SettingParsers.bytes("V", "--v", "10m", 64L << 20))
        .hasMessage("V (--v): must be at least 64m, was 10m");
  }

  @Test
  void durations_acceptUnitsAndIso_refuseNonsense() {
    assertThat(SettingParsers.duration("V", "--v", "2m")).isEqualTo(Duration.ofMinutes(2));
    assertThat(SettingParsers.duration("V", "--v", "PT3S")).isEqualTo(Duration.ofSeconds(3));
    assertThatThrownBy(() -> SettingParsers.duration("V", "--v", "soon"))
        .hasMessage("V (--v): 'soon' is not a duration such as 500ms, 5s, 2m or 1h");
    assertThatThrownBy(() -> SettingParsers.duration("V", "--v", "0s"))
        .hasMessage("V (--v): must be positive, was 0s");
  }

  @Test
  void shortApiKey_isRefused() {
    assertThatThrownBy(() -> parse("--admin-api-key", "secret"))
        .hasMessage("WAYMARK_ADMIN_API_KEY (--admin-api-key): must be at least 16 characters");
  }

  @Test
  void secrets_neverAppearInToString() {
    WaymarkConfig config = parse("--admin-api-key", "0123456789abcdefXYZ", "--clickhouse-password", "hunter22");
    assertThat(config.toString()).doesNotContain("0123456789abcdefXYZ").doesNotContain("hunter22");
  }

  @Test
  void connectionCaps_autoSplitsTheDescriptorLimit_adminKeepsItsShare() {
    DescriptorBudget small = DescriptorBudget.of(1024);
    assertThat(small.adminMax()).isEqualTo(32);
    assertThat(small.httpMax()).isEqualTo(1024 - 128 - 32);
    DescriptorBudget large = DescriptorBudget.of(1 << 20);
    assertThat(large.adminMax()).isEqualTo(256);
    assertThat(large.httpMax()).isEqualTo((1 << 20) - 1024 - 256);
    WaymarkConfig config = parse();
    assertThat(config.connections().httpMax()).isEqualTo(DescriptorBudget.ofProcess().httpMax());
    assertThat(config.connections().idleTimeout()).isEqualTo(Duration.ofSeconds(60));
    assertThat(config.connections().headerTimeout()).isEqualTo(Duration.ofSeconds(10));
  }

  @Test
  void connectionSettings_flagsOverride_badValuesNameTheVariable() {
    WaymarkConfig config = parse("--http-max-connections", "50", "--admin-max-connections", "auto",
        "--http-idle-timeout", "5s", "--http-header-timeout", "500ms");
    assertThat(config.connections().httpMax()).isEqualTo(50);
    assertThat(config.connections().adminMax()).isEqualTo(DescriptorBudget.ofProcess().adminMax());
    assertThat(config.connections().headerTimeout()).isEqualTo(Duration.ofMillis(500));
    assertThatThrownBy(() -> parse("--http-max-connections", "0"))
        .hasMessageStartingWith("WAYMARK_HTTP_MAX_CONNECTIONS (--http-max-connections): must be between 1");
    assertThatThrownBy(() -> parse("--http-header-timeout", "soon"))
        .hasMessageStartingWith("WAYMARK_HTTP_HEADER_TIMEOUT (--http-header-timeout)");
  }

  @Test
  void destinationRules_unsetByDefault_acceptEveryHost() {
    assertThat(parse().destinations()).isSameAs(dev.waymark.destination.DestinationHosts.ANY);
  }

  @Test
  void destinationRules_normalisedAndApplied() {
    var rules = parse("--destination-allow", " Bücher.Example. ,*.Shop.Example", "--destination-deny", "old.shop.example",
        "--destination-protect", "example.com", "--destination-ip-literals", "REFUSE").destinations();
    assertThat(rules.problem("xn--bcher-kva.example")).isNull();
    assertThat(rules.problem("new.shop.example")).isNull();
    assertThat(rules.problem("old.shop.example")).contains("deny list");
    assertThat(rules.problem("other.example")).contains("allow list");
    assertThat(rules.problem("192.0.2.1")).contains("IP address");
    assertThat(rules).hasToString("DestinationHosts[allow=[xn--bcher-kva.example, *.shop.example], "
        + "deny=[old.shop.example], protect=[example.com], ipLiterals=refuse]");
  }

  @Test
  void destinationRules_badPatterns_nameTheVariable() {
    String[][] cases = {
        {"--destination-allow", "https://example.com", "WAYMARK_DESTINATION_ALLOW (--destination-allow): "},
        {"--destination-allow", "a.example,,b.example", "WAYMARK_DESTINATION_ALLOW (--destination-allow): "},
        {"--destination-deny", "*.*.example", "WAYMARK_DESTINATION_DENY (--destination-deny): "},
        {"--destination-deny", "evil.example:443", "WAYMARK_DESTINATION_DENY (--destination-deny): "},
        {"--destination-deny", "192.0.2.1", "WAYMARK_DESTINATION_DENY (--destination-deny): "},
        {"--destination-protect", "*.example.com", "WAYMARK_DESTINATION_PROTECT (--destination-protect): "},
        {"--destination-protect", "exa mple.com", "WAYMARK_DESTINATION_PROTECT (--destination-protect): "},
        {"--destination-ip-literals", "sometimes", "WAYMARK_DESTINATION_IP_LITERALS (--destination-ip-literals): "}};
    for (String[] c : cases) {
      assertThatThrownBy(() -> parse(c[0], c[1])).as(c[1])
          .isInstanceOf(ConfigException.class)
          .hasMessageStartingWith(c[2]);
    }
  }
}
