package dev.waymark.hit.enrich;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.hash.Hashing;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SipHash24Test {

  @Test
  void hashAscii_everyLengthAndKey_equalsGuavasSipHashOfTheUtf8Bytes() {
    SplittableRandom random = new SplittableRandom(42);
    SipHash24 sip = new SipHash24();
    for (int ipLength = 0; ipLength <= 17; ipLength++) {
      for (int uaLength = 0; uaLength <= 70; uaLength++) {
        long k0 = random.nextLong();
        long k1 = random.nextLong();
        String ip = ascii(random, ipLength);
        String ua = ascii(random, uaLength);
        long expected = Hashing.sipHash24(k0, k1)
            .hashString(ip + "\n" + ua, StandardCharsets.UTF_8).asLong();
        assertThat(sip.hashAscii(k0, k1, ip, ua)).as("ip %d chars, ua %d chars", ipLength, uaLength)
            .isEqualTo(expected);
      }
    }
  }

  @Test
  void isAscii_onlyCharsBelow128() {
    assertThat(SipHash24.isAscii("")).isTrue();
    assertThat(SipHash24.isAscii("Mozilla/5.0 (X11; Linux x86_64)\u007f")).isTrue();
    assertThat(SipHash24.isAscii("caf\u00e9")).isFalse();
    assertThat(SipHash24.isAscii("\ud83d\ude00")).isFalse();
  }

  private static String ascii(SplittableRandom random, int length) {
    StringBuilder sb = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      sb.append((char) random.nextInt(0, 128));
    }
    return sb.toString();
  }
}
