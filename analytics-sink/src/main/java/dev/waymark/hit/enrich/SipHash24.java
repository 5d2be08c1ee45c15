package dev.waymark.hit.enrich;

/**
 * SipHash-2-4 of {@code ip + '\n' + ua} for the common case of ASCII text, computed straight from
 * the chars: the same value as Guava's {@code Hashing.sipHash24(k0, k1)} over the UTF-8 bytes, but
 * without the hasher, buffers and byte arrays Guava makes per call, which were half of what the
 * sink allocated per hit. {@link Visitors} falls back to Guava for anything else. Not
 * thread-safe: the state lives in fields so that one instance allocates nothing.
 */
final class SipHash24 {

  private long v0;
  private long v1;
  private long v2;
  private long v3;

  static boolean isAscii(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) >= 0x80) {
        return false;
      }
    }
    return true;
  }

  /** Both strings must be ASCII ({@link #isAscii}). */
  long hashAscii(long k0, long k1, String ip, String ua) {
    v0 = 0x736f6d6570736575L ^ k0;
    v1 = 0x646f72616e646f6dL ^ k1;
    v2 = 0x6c7967656e657261L ^ k0;
    v3 = 0x7465646279746573L ^ k1;
    int ipLength = ip.length();
    int length = ipLength + 1 + ua.length();
    long m = 0;
    for (int i = 0; i < length; i++) {
      long b = i < ipLength ? ip.charAt(i) : i == ipLength ? '\n' : ua.charAt(i - ipLength - 1);
      m |= b << ((i & 7) << 3);
      if ((i & 7) == 7) {
        compress(m);
        m = 0;
      }
    }
    compress(m | ((long) length << 56)); // the length's low byte completes the last word
    v2 ^= 0xFF;
    rounds(4);
    return v0 ^ v1 ^ v2 ^ v3;
  }

  private void compress(long m) {
    v3 ^= m;
    rounds(2);
    v0 ^= m;
  }

  private void rounds(int n) {
    for (int r = 0; r < n; r++) {
      v0 += v1;
      v1 = Long.rotateLeft(v1, 13);
      v1 ^= v0;
      v0 = Long.rotateLeft(v0, 32);
      v2 += v3;
      v3 = Long.rotateLeft(v3, 16);
      v3 ^= v2;
      v0 += v3;
      v3 = Long.rotateLeft(v3, 21);
      v3 ^= v0;
      v2 += v1;
      v1 = Long.rotateLeft(v1, 17);
      v1 ^= v2;
      v2 = Long.rotateLeft(v2, 32);
    }
  }
}
