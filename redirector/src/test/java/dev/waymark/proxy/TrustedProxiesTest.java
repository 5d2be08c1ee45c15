package dev.waymark.proxy;

import static dev.waymark.proxy.ForwardedHeader.FORWARDED;
import static dev.waymark.proxy.ForwardedHeader.X_FORWARDED_FOR;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TrustedProxiesTest {

  private static final TrustedProxies LB = TrustedProxies.parse("10.0.0.0/8, 192.168.1.7, 2001:db8::/32");

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "10.0.0.1        | true",
      "10.255.255.255  | true",
      "11.0.0.1        | false",
      "192.168.1.7     | true",
      "192.168.1.8     | false",
      "::ffff:10.1.2.3 | true",
      "2001:db8:1::5   | true",
      "2001:db9::5     | false",
      "[2001:db8::1]:443 | true",
      "10.0.0.1:8080   | true",
      "not-an-address  | false",
      "''              | false"})
  void trusts_addressesInItsNetworks_only(String peer, boolean trusted) {
    assertThat(LB.trusts(peer)).isEqualTo(trusted);
  }

  @Test
  void prefixesThatAreNotWholeBytes_matchBitByBit() {
    TrustedProxies p = TrustedProxies.parse("172.16.0.0/12");
    assertThat(p.trusts("172.31.255.255")).isTrue();
    assertThat(p.trusts("172.32.0.0")).isFalse();
    assertThat(p.trusts("172.15.255.255")).isFalse();
    assertThat(TrustedProxies.parse("0.0.0.0/0").trusts("8.8.8.8")).isTrue();
    assertThat(TrustedProxies.parse("0.0.0.0/0").trusts("2001:db8::1")).isFalse();
  }

  @Test
  void anUntrustedPeer_isTheClient_whateverItSends() {
    assertThat(LB.client("203.0.113.9", "1.2.3.4", X_FORWARDED_FOR)).isEqualTo("203.0.113.9");
    assertThat(TrustedProxies.NONE.client("10.0.0.1", "1.2.3.4", X_FORWARDED_FOR)).isEqualTo("10.0.0.1");
  }

  @Test
  void aTrustedPeer_namesTheRightMostAddressThatIsNotATrustedProxy() {
    // A client-sent 6.6.6.6 on the left is ignored: the right-most untrusted address is 1.2.3.4.
    assertThat(LB.client("10.0.0.1", "6.6.6.6, 1.2.3.4, 10.0.0.2", X_FORWARDED_FOR)).isEqualTo("1.2.3.4");
    assertThat(LB.client("10.0.0.1", "1.2.3.4", X_FORWARDED_FOR)).isEqualTo("1.2.3.4");
    assertThat(LB.client("10.0.0.1", "1.2.3.4:5678", X_FORWARDED_FOR)).isEqualTo("1.2.3.4");
    assertThat(LB.client("10.0.0.1", "[2001:DB9:0::1]:80", X_FORWARDED_FOR)).isEqualTo("2001:db9::1");
  }

  @Test
  void aChainOfTrustedProxiesOnly_namesItsLeftMost() {
    assertThat(LB.client("10.0.0.1", "10.9.9.9,10.0.0.3", X_FORWARDED_FOR)).isEqualTo("10.9.9.9");
  }

  @ParameterizedTest
  @ValueSource(strings = {"unknown", "", " , ", "1.2.3", "1.2.3.4.5", "<script>", "1.2.3.4:99999999",
      "[::1", "_hidden"})
  void aMalformedElement_endsTheWalkAtTheProxyThatPassedItOn(String element) {
    assertThat(LB.client("10.0.0.1", "9.9.9.9, " + element + ", 10.0.0.2", X_FORWARDED_FOR)).isEqualTo("10.0.0.2");
  }

  @Test
  void anAbsentHeader_leavesThePeer_inCanonicalForm() {
    assertThat(LB.client("10.0.0.1", null, X_FORWARDED_FOR)).isEqualTo("10.0.0.1");
    assertThat(LB.client("2001:db8:0:0:0:0:0:1", "", X_FORWARDED_FOR)).isEqualTo("2001:db8::1");
    assertThat(LB.client("::ffff:10.0.0.1", null, X_FORWARDED_FOR)).isEqualTo("10.0.0.1");
  }

  @Test
  void forwarded_readsTheForParameter_quotedOrNot() {
    assertThat(LB.client("10.0.0.1", "for=6.6.6.6, for=1.2.3.4;proto=https;by=10.0.0.1", FORWARDED))
        .isEqualTo("1.2.3.4");
    assertThat(LB.client("10.0.0.1", "proto=https;For=\"[2001:db9::17]:4711\"", FORWARDED))
        .isEqualTo("2001:db9::17");
    assertThat(LB.client("10.0.0.1", "for=1.2.3.4, for=\"_obfuscated\"", FORWARDED)).isEqualTo("10.0.0.1");
    assertThat(LB.client("10.0.0.1", "proto=https", FORWARDED)).isEqualTo("10.0.0.1");
    // The X-Forwarded-For syntax is not Forwarded's: nothing read.
    assertThat(LB.client("10.0.0.1", "1.2.3.4", FORWARDED)).isEqualTo("10.0.0.1");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "10.0.0.0/33       | prefix length that is not 0 to 32",
      "10.0.0.0/-1       | prefix length",
      "10.0.0.0/x        | prefix length",
      "2001:db8::/129    | prefix length that is not 0 to 128",
      "10.1.2.3/8        | host bits set; the network is 10.0.0.0/8",
      "example.com       | is not an IP address or network",
      "10.0.0.0/8,,1.2.3.4 | empty entry",
      "300.1.1.1         | is not an IP address"})
  void parse_refusesWhatIsNotANetwork_namingIt(String list, String message) {
    assertThatThrownBy(() -> TrustedProxies.parse(list)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(message);
  }

  @Test
  void parse_ofNothing_trustsNobody() {
    assertThat(TrustedProxies.parse(" ").isEmpty()).isTrue();
    assertThat(TrustedProxies.parse(null)).isSameAs(TrustedProxies.NONE);
    assertThat(LB.toString()).isEqualTo("10.0.0.0/8,192.168.1.7/32,2001:db8::/32");
  }

  @Test
  void forwardedHeader_isNamedInAnyCase() {
    assertThat(ForwardedHeader.named("x-forwarded-for")).isEqualTo(X_FORWARDED_FOR);
    assertThat(ForwardedHeader.named(" Forwarded ")).isEqualTo(FORWARDED);
    assertThat(ForwardedHeader.named("X-Real-IP")).isNull();
  }
}
