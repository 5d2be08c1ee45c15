package dev.waymark.geo;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IpLiteralTest {

  /** What the JDK makes of a literal (it resolves nothing for these), as the reference. */
  @ParameterizedTest
  @ValueSource(strings = {"8.8.8.8", "0.0.0.0", "255.255.255.255", "193.0.6.139", "2001:4860:4860::8888",
      "::", "::1", "1::", "fe80::1", "2001:db8:0:0:1:0:0:1", "2001:DB8::A:b", "1:2:3:4:5:6:7:8", "1::8",
      "1:2:3:4:5:6::8", "::2:3:4:5:6:7:8", "64:ff9b::192.0.2.33", "::1.2.3.4", "1:2:3:4:5:6:1.2.3.4"})
  void parse_literal_bytesAsTheJdkReadsThem(String literal) throws Exception {
    assertThat(IpLiteral.parse(literal)).isEqualTo(InetAddress.getByName(literal).getAddress());
  }

  @ParameterizedTest
  @ValueSource(strings = {"::ffff:8.8.8.8", "::FFFF:8.8.8.8", "0:0:0:0:0:ffff:808:808"})
  void parse_ipv4Mapped_givesTheIpv4Bytes(String literal) {
    assertThat(IpLiteral.parse(literal)).containsExactly(8, 8, 8, 8);
  }

  /** Anything else is refused before it could reach a resolver: host names above all. */
  @ParameterizedTest
  @ValueSource(strings = {"", " ", "localhost", "example.com", "8.8.8", "8.8.8.8.8", "8.8.8.256", "08.8.8.8",
      "8.8.8.8 ", " 8.8.8.8", "8..8.8", ".8.8.8", "8.8.8.", "1234.1.1.1", "+1.1.1.1", "-1.1.1.1", "١.١.١.١",
      "0x8.8.8.8", "2001:4860:4860::8888%eth0", "[::1]", ":::", "1:::2", "1::2::3", ":1:2:3:4:5:6:7", "1:2:3:4:5:6:7:",
      "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7::8", "12345::", "g::1", "::١", "1:2:3:4:5:6:7:1.2.3.4", "::1.2.3",
      "::1.2.3.4:5", "8.8.8.8/24", "2001:4860:4860::8888:", "some text, 8.8.8.8",
      "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"})
  void parse_notExactlyALiteral_null(String text) {
    assertThat(IpLiteral.parse(text)).isNull();
  }

  @ParameterizedTest
  @ValueSource(strings = {"8.8.8.8", "1.1.1.1", "100.63.255.255", "100.128.0.1", "172.15.0.1", "172.32.0.1",
      "192.0.1.1", "198.17.0.1", "198.20.0.1", "223.255.255.255", "2001:4860:4860::8888", "2a00:1450::1",
      "2001:db9::1", "3fff::1"})
  void isGlobal_anyonesAddress_true(String literal) {
    assertThat(IpLiteral.isGlobal(IpLiteral.parse(literal))).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"0.0.0.0", "10.1.2.3", "100.64.0.1", "100.127.255.255", "127.0.0.1", "169.254.1.1",
      "172.16.0.1", "172.31.255.255", "192.0.0.8", "192.0.2.1", "192.168.1.1", "198.18.0.1", "198.19.255.255",
      "198.51.100.7", "203.0.113.9", "224.0.0.1", "255.255.255.255", "::", "::1", "fe80::1", "fc00::1",
      "fd12:3456::1", "ff02::1", "2001:db8::1", "::ffff:192.168.1.1", "64:ff9b::10.0.0.1"})
  void isGlobal_privateLoopbackDocumentationAndTheRest_false(String literal) {
    assertThat(IpLiteral.isGlobal(IpLiteral.parse(literal))).isFalse();
  }
}
