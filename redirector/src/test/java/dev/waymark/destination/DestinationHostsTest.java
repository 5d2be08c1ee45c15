package dev.waymark.destination;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

class DestinationHostsTest {

  /** Shared: building the look-alike checker loads ICU's data once. */
  private static final DestinationHosts BRANDS = DestinationHosts.of(List.of(), List.of(),
      DestinationHosts.parseProtected("example.com, Acme.NL., bücher.example"), true);

  private static DestinationHosts rules(String allow, String deny) {
    return DestinationHosts.of(HostPattern.parseList(allow), HostPattern.parseList(deny), List.of(), true);
  }

  /** The host as the admin API reads it from a destination URL, port and all. */
  private static String problem(DestinationHosts rules, String url) {
    return rules.problem(URI.create(url).getHost());
  }

  @Test
  void exactPattern_matchesThatHostOnly() {
    DestinationHosts deny = rules("", "evil.example");
    assertThat(problem(deny, "https://evil.example/x")).isEqualTo("host 'evil.example' is on the destination deny list (evil.example)");
    assertThat(problem(deny, "https://www.evil.example/")).isNull();
    assertThat(problem(deny, "https://notevil.example/")).isNull();
  }

  @Test
  void wildcardPattern_matchesSubdomainsAtAnyDepthButNotTheParent() {
    DestinationHosts deny = rules("", "*.evil.example");
    assertThat(problem(deny, "https://a.evil.example/")).contains("deny list (*.evil.example)");
    assertThat(problem(deny, "https://a.b.evil.example/")).contains("deny list (*.evil.example)");
    assertThat(problem(deny, "https://evil.example/")).isNull();
    assertThat(problem(deny, "https://aevil.example/")).isNull();
  }

  @Test
  void hosts_comparedAsDnsDoes_caseTrailingDotPunycodeUnicodeAndPortIgnored() {
    DestinationHosts deny = rules("", "Bücher.Example.,*.EVIL.example");
    assertThat(problem(deny, "https://xn--bcher-kva.example/")).contains("deny list (xn--bcher-kva.example)");
    assertThat(problem(deny, "https://XN--BCHER-KVA.EXAMPLE./")).contains("deny list");
    assertThat(problem(deny, "https://xn--bcher-kva.example:8443/")).contains("deny list");
    assertThat(problem(deny, "http://A.Evil.Example.:81/")).contains("deny list (*.evil.example)");
  }

  @Test
  void allowList_acceptsOnlyMatchingHosts() {
    DestinationHosts allow = rules("example.com,*.example.com", "");
    assertThat(problem(allow, "https://example.com/")).isNull();
    assertThat(problem(allow, "https://shop.example.com:8443/")).isNull();
    assertThat(problem(allow, "https://example.org/")).isEqualTo("host 'example.org' is not on the destination allow list");
    assertThat(problem(allow, "https://example.com.evil.example/")).contains("not on the destination allow list");
  }

  @Test
  void denyList_winsOverAllowList() {
    DestinationHosts both = rules("*.example.com", "old.example.com");
    assertThat(problem(both, "https://new.example.com/")).isNull();
    assertThat(problem(both, "https://old.example.com/")).contains("deny list (old.example.com)");
  }

  @Test
  void ipLiterals_acceptedByDefault_refusedWhenConfigured_neverMatchAnAllowList() {
    DestinationHosts refuse = DestinationHosts.of(List.of(), List.of(), List.of(), false);
    // Numeric forms such as http://2130706433/ have no host for java.net.URI, and the API refuses them earlier.
    for (String url : new String[] {"http://192.0.2.1/", "http://[2001:db8::1]:8080/", "http://203.0.113.9:80/"}) {
      assertThat(problem(DestinationHosts.ANY, url)).as(url).isNull();
      assertThat(problem(rules("", "evil.example"), url)).as(url).isNull();
      assertThat(problem(refuse, url)).as(url).contains("is an IP address");
      assertThat(problem(rules("*.example.com", ""), url)).as(url).contains("allow list cannot match");
    }
    assertThat(problem(refuse, "http://example.com/")).isNull();
  }

  @Test
  void patterns_refuseWhatIsNotAHost() {
    for (String bad : new String[] {"", "*", "*.", "a.*.example", "ex*ample.com", "https://example.com",
        "example.com:443", "example.com/path", "user@example.com", "a b.example", "192.0.2.1", "[::1]",
        "-bad.example", "a..example"}) {
      assertThatThrownBy(() -> HostPattern.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
    }
    assertThatThrownBy(() -> HostPattern.parseList("a.example,,b.example")).hasMessageContaining("empty entry");
    assertThatThrownBy(() -> DestinationHosts.parseProtected("*.example.com")).hasMessageContaining("no wildcard");
  }

  @Test
  void protectedHost_itselfAndItsSubdomains_areAccepted() {
    assertThat(problem(BRANDS, "https://example.com/")).isNull();
    assertThat(problem(BRANDS, "https://EXAMPLE.com./x")).isNull();
    assertThat(problem(BRANDS, "https://shop.example.com/")).isNull();
    assertThat(problem(BRANDS, "https://acme.nl/")).isNull();
    assertThat(problem(BRANDS, "https://xn--bcher-kva.example/")).isNull();
    assertThat(problem(BRANDS, "https://unrelated.example.org/")).isNull();
  }

  @Test
  void homograph_withCyrillicLetter_isRefusedNamingTheProtectedHost() {
    String host = java.net.IDN.toASCII("exаmple.com"); // U+0430 CYRILLIC SMALL LETTER A
    assertThat(problem(BRANDS, "https://" + host + "/login")).isEqualTo("host '" + host
        + "' ('exаmple.com') looks like the protected host 'example.com' but is not it nor one of its"
        + " subdomains; links to look-alikes of protected hosts are refused");
    assertThat(problem(BRANDS, "https://login." + host + "/")).contains("looks like the protected host 'example.com'");
    assertThat(problem(BRANDS, "https://" + java.net.IDN.toASCII("аcme.nl") + "/")).contains("protected host 'acme.nl'");
    assertThat(problem(BRANDS, "https://" + java.net.IDN.toASCII("bücher.exаmple") + "/"))
        .contains("protected host 'bücher.example'");
  }

  @Test
  void asciiLookAlikes_digitOneAndRnForM_areRefused() {
    assertThat(problem(BRANDS, "https://examp1e.com/")).contains("looks like the protected host 'example.com'");
    assertThat(problem(BRANDS, "https://exarnple.com/")).contains("looks like the protected host 'example.com'");
    assertThat(problem(BRANDS, "https://acrne.nl/")).contains("looks like the protected host 'acme.nl'");
    assertThat(problem(BRANDS, "https://www.examp1e.com/")).contains("protected host 'example.com'");
  }

  @Test
  void lookAlike_listedAsProtectedToo_isAccepted() {
    DestinationHosts both = DestinationHosts.of(List.of(), List.of(),
        DestinationHosts.parseProtected("example.com,examp1e.com"), true);
    assertThat(problem(both, "https://examp1e.com/")).isNull();
    assertThat(problem(both, "https://exarnple.com/")).contains("protected host");
  }

  @Test
  void mixedScriptLabel_onAnyHost_isRefusedWhenProtectionIsOn() {
    String host = java.net.IDN.toASCII("pаypal.org"); // Cyrillic a among Latin letters
    assertThat(problem(BRANDS, "https://" + host + "/")).isEqualTo("host '" + host + "' ('pаypal.org') has a label"
        + " 'pаypal' that mixes scripts (Cyrillic, Latin), a common disguise; such hosts are refused");
    assertThat(problem(DestinationHosts.ANY, "https://" + host + "/")).isNull();
    // One script per label is how real IDNs look: Cyrillic, German, Japanese (Han with kana) names.
    assertThat(problem(BRANDS, "https://" + java.net.IDN.toASCII("пример.рф") + "/")).isNull();
    assertThat(problem(BRANDS, "https://" + java.net.IDN.toASCII("straße.de") + "/")).isNull();
    assertThat(problem(BRANDS, "https://" + java.net.IDN.toASCII("日本語のドメイン.jp") + "/")).isNull();
  }
}
