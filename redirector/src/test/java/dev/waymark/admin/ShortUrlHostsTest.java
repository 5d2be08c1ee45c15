package dev.waymark.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.waymark.admin.link.ShortUrlHosts;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

class ShortUrlHostsTest {

  private static final ShortUrlHosts OURS = ShortUrlHosts.of(URI.create("https://wmk.example"),
      List.of("go.example", "qr.example:8443", "xn--bcher-kva.example"));

  private static String problem(ShortUrlHosts hosts, String url) {
    return hosts.loopProblem(URI.create(url));
  }

  @Test
  void codeOnPublicBaseHost_leadsBack_inAnyCaseSchemeOrTrailingDot() {
    for (String url : List.of("https://wmk.example/abc1234", "http://wmk.example/abc1234", "HTTPS://WMK.EXAMPLE/spring",
        "https://wmk.example./spring", "https://wmk.example:443/spring?qr=1#x", "http://wmk.example:80/spring",
        "https://wmk.example/x/../spring", "https://wmk.example/./spring", "https://wmk.example/%73pring",
        "https://wmk.example/a_b-c")) {
      assertThat(problem(OURS, url)).as(url).isNotNull();
    }
    assertThat(problem(OURS, "https://wmk.example/spring")).contains("'spring'").contains("wmk.example");
  }

  @Test
  void pathsThatAreNeverCodes_areHarmless() {
    for (String url : List.of("https://wmk.example", "https://wmk.example/", "https://wmk.example/robots.txt",
        "https://wmk.example/favicon.ico", "https://wmk.example/api", "https://wmk.example/Health",
        "https://wmk.example/spring/", "https://wmk.example/spring/more", "https://wmk.example/a%2Fb",
        "https://wmk.example/" + "x".repeat(65), "https://wmk.example/sp%20ring")) {
      assertThat(problem(OURS, url)).as(url).isNull();
    }
  }

  @Test
  void otherHostsAndPorts_areHarmless() {
    for (String url : List.of("https://shop.example/spring", "https://wmk.example:8443/spring",
        "https://sub.wmk.example/spring", "https://wmk.example.evil/spring", "https://go.example:8080/spring",
        "https://qr.example/spring")) {
      assertThat(problem(OURS, url)).as(url).isNull();
    }
  }

  @Test
  void extraShortDomains_byDefaultPortsOrTheirOwn_andIdnAsPunycode() {
    assertThat(problem(OURS, "http://go.example/spring")).isNotNull();
    assertThat(problem(OURS, "https://Go.Example./spring")).isNotNull();
    assertThat(problem(OURS, "https://qr.example:8443/spring")).isNotNull();
    assertThat(problem(OURS, "https://xn--bcher-kva.example/spring")).isNotNull();
    assertThat(problem(OURS, "https://XN--BCHER-KVA.example/spring")).isNotNull();
    ShortUrlHosts unicode = ShortUrlHosts.of(URI.create("https://wmk.example"), List.of("bücher.example"));
    assertThat(problem(unicode, "https://xn--bcher-kva.example/spring")).isNotNull();
  }

  @Test
  void baseUrlOnAPortOrUnderAPath_isMatchedThere() {
    ShortUrlHosts local = ShortUrlHosts.of(URI.create("http://localhost:8080"), List.of());
    assertThat(problem(local, "http://localhost:8080/spring")).isNotNull();
    assertThat(problem(local, "https://LOCALHOST:8080/spring")).isNotNull();
    assertThat(problem(local, "http://localhost:3000/spring")).as("another service on this machine").isNull();

    ShortUrlHosts prefixed = ShortUrlHosts.of(URI.create("https://example.com/go"), List.of());
    assertThat(problem(prefixed, "https://example.com/go/spring")).isNotNull();
    assertThat(problem(prefixed, "https://example.com/spring")).as("the public port answers at its root too").isNotNull();
    assertThat(problem(prefixed, "https://example.com/go/spring/more")).isNull();
  }
}
