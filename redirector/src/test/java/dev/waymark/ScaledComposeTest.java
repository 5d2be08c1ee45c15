package dev.waymark;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * docker/compose.scaled.yaml and docker/haproxy.cfg agree with each other and with compose.yaml:
 * no Docker engine runs these files in the build, so what would break a rolling restart or let a
 * client name itself is checked here, on their text.
 */
class ScaledComposeTest {

  private static final Pattern COMPOSE_DEFAULT = Pattern.compile("\\$\\{[A-Z_]+:-([^}]*)}");
  private static final Pattern SERVER = Pattern.compile(
      "(?m)^\\s*server (\\S+) \"\\$\\{[A-Z0-9_]+-([^}]+)}\" check port \"\\$\\{[A-Z0-9_]+-(\\d+)}\"\\s*$");
  private static final Pattern DEFAULT_SERVER = Pattern.compile("(?m)^\\s*default-server .*inter (\\d+)ms fall (\\d+)");

  private final Map<String, Object> base = yaml("docker/compose.yaml");
  private final Map<String, Object> scaled = yaml("docker/compose.scaled.yaml");
  private final String haproxy = read("docker/haproxy.cfg");

  @Test
  void everyRedirector_isABalancerServerCheckedOnItsAdminPort() {
    List<String> redirectors = redirectors();
    assertThat(redirectors).hasSizeGreaterThanOrEqualTo(2);
    List<String> servers = new ArrayList<>();
    Matcher m = SERVER.matcher(haproxy);
    while (m.find()) {
      servers.add(m.group(1));
      assertThat(m.group(2)).isEqualTo(m.group(1) + ":8080");
      assertThat(m.group(3)).as("readiness lives on the admin port").isEqualTo("8081");
    }
    assertThat(servers).containsExactlyInAnyOrderElementsOf(redirectors);
    assertThat(haproxy).contains("option httpchk GET /health/ready", "option forwardfor");
    Map<String, Object> balancer = service(scaled, "balancer");
    assertThat(list(balancer, "volumes")).contains("./haproxy.cfg:/usr/local/etc/haproxy/haproxy.cfg:ro");
    assertThat(list(balancer, "ports")).anyMatch(p -> p.endsWith("8080:8080"));
    assertThat(list(service(scaled, "waymark"), "profiles")).as("the single service stays down").isNotEmpty();
  }

  @Test
  void redirectors_drainLongerThanTheBalancerTakesToNotice_andStopWithinTheirGrace() {
    Matcher check = DEFAULT_SERVER.matcher(haproxy);
    assertThat(check.find()).as("default-server with inter and fall").isTrue();
    Duration noticed = Duration.ofMillis(Long.parseLong(check.group(1)) * Long.parseLong(check.group(2)));
    for (String name : redirectors()) {
      Map<String, Object> r = service(scaled, name);
      Duration drain = Duration.ofSeconds(Long.parseLong(env(r).get("WAYMARK_SHUTDOWN_DRAIN").toString().replace("s", "")));
      assertThat(drain).as(name).isGreaterThan(noticed);
      Duration grace = Duration.ofSeconds(Long.parseLong(r.get("stop_grace_period").toString().replace("s", "")));
      // Drain, then up to 4 s for in-flight requests, 2 s for the queue and 2 s for the sink.
      assertThat(grace).as(name).isGreaterThanOrEqualTo(drain.plusSeconds(10));
    }
  }

  @Test
  void redirectors_trustOnlyTheComposeNetwork_andKeepEverySettingOfTheSingleService() {
    String subnet = resolved(((Map<?, ?>) ((List<?>) ((Map<?, ?>) ((Map<?, ?>) ((Map<?, ?>) scaled.get("networks"))
        .get("default")).get("ipam")).get("config")).get(0)).get("subnet").toString());
    assertThat(subnet).matches("\\d+\\.\\d+\\.\\d+\\.\\d+/\\d+");
    Map<String, Object> single = env(service(base, "waymark"));
    List<String> volumes = new ArrayList<>();
    for (String name : redirectors()) {
      Map<String, Object> r = service(scaled, name);
      assertThat(resolved(env(r).get("WAYMARK_TRUSTED_PROXIES").toString())).as(name).isEqualTo(subnet);
      assertThat(env(r)).as(name).containsAllEntriesOf(single);
      volumes.addAll(list(r, "volumes"));
    }
    assertThat(volumes).as("each its own spool").doesNotHaveDuplicates().hasSize(redirectors().size());
  }

  private List<String> redirectors() {
    return ((Map<?, ?>) scaled.get("services")).keySet().stream().map(Object::toString)
        .filter(n -> n.startsWith("redirector-")).sorted().toList();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> service(Map<String, Object> compose, String name) {
    return (Map<String, Object>) ((Map<String, Object>) compose.get("services")).get(name);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> env(Map<String, Object> service) {
    return (Map<String, Object>) service.get("environment");
  }

  private static List<String> list(Map<String, Object> service, String key) {
    Object value = service.get(key);
    return value == null ? List.of() : ((List<?>) value).stream().map(Object::toString).toList();
  }

  /** A value as compose resolves it with no variable set: {@code ${VAR:-default}} becomes the default. */
  private static String resolved(String value) {
    return COMPOSE_DEFAULT.matcher(value).replaceAll(r -> Matcher.quoteReplacement(r.group(1)));
  }

  private static Map<String, Object> yaml(String file) {
    return new Yaml().load(read(file));
  }

  private static String read(String file) {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.exists(dir.resolve(file))) {
        try {
          return Files.readString(dir.resolve(file));
        } catch (java.io.IOException e) {
          throw new IllegalStateException(e);
        }
      }
    }
    throw new IllegalStateException(file + " not found above " + Path.of("").toAbsolutePath());
  }
}
