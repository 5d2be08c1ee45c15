package dev.waymark.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class ConfigOptionsTest {

  private static WaymarkConfig parse(String... args) {
    ConfigOptions options = new ConfigOptions();
    new CommandLine(options).parseArgs(args);
    return options.toConfig();
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
  void badPort_namesTheVariable() {
    assertThatThrownBy(() -> parse("--http-port", "eighty"))
        .isInstanceOf(ConfigException.class)
        .hasMessage("WAYMARK_HTTP_PORT (--http-port): 'eighty' is not a whole number");
    assertThatThrownBy(() -> parse("--admin-port", "70000"))
        .hasMessageStartingWith("WAYMARK_ADMIN_PORT (--admin-port): must be between 0 and 65535");
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
    assertThatThrownBy(() -> parse("--clickhouse-url", "localhost:8123"))
        .hasMessageStartingWith("WAYMARK_CLICKHOUSE_URL");
    assertThatThrownBy(() -> parse("--public-base-url", "go.example.com"))
        .hasMessageStartingWith("WAYMARK_PUBLIC_BASE_URL");
    assertThatThrownBy(() -> parse("--public-base-url", "https://go.example.com/?x=1"))
        .hasMessageContaining("must not have a query");
  }

  @Test
  void durations_acceptUnitsAndIso_refuseNonsense() {
    assertThat(ConfigOptions.duration("V", "--v", "2m")).isEqualTo(Duration.ofMinutes(2));
    assertThat(ConfigOptions.duration("V", "--v", "PT3S")).isEqualTo(Duration.ofSeconds(3));
    assertThatThrownBy(() -> ConfigOptions.duration("V", "--v", "soon"))
        .hasMessage("V (--v): 'soon' is not a duration such as 500ms, 5s, 2m or 1h");
    assertThatThrownBy(() -> ConfigOptions.duration("V", "--v", "0s"))
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
}
