package dev.waymark.hit.enrich;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.hash.Hashing;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SipHash24Test {

  @Test
  void hash_everyLengthAndKey_equalsGuavasSipHash() {
    SplittableRandom random = new SplittableRandom(42);
    SipHash24 sip = new SipHash24();
    byte[] scratch = new byte[300];
    for (int length = 0; length <= 260; length++) {
      long k0 = random.nextLong();
      long k1 = random.nextLong();
      byte[] in = new byte[length];
      for (int i = 0; i < length; i++) {
        in[i] = (byte) random.nextInt(256);
      }
      System.arraycopy(in, 0, scratch, 0, length);
      long expected = Hashing.sipHash24(k0, k1).hashBytes(in).asLong();
      assertThat(sip.hash(k0, k1, scratch, length)).as("%d bytes", length).isEqualTo(expected);
    }
  }
}
