package dev.waymark.hit.enrich;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * SipHash-2-4 of a byte range, reading it eight bytes at a time: the same value as Guava's
 * {@code Hashing.sipHash24(k0, k1)} over those bytes, without the hasher and buffers Guava makes
 * per call, because visitor ids hash every hit's IP and user agent twice. Not thread-safe:
 * the state lives in fields so that one instance allocates nothing.
 */
final class SipHash24 {

  private static final VarHandle LONG_LE =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  private long v0;
  private long v1;
  private long v2;
  private long v3;

  /** The hash of {@code in[0, length)}. */
  long hash(long k0, long k1, byte[] in, int length) {
    v0 = 0x736f6d6570736575L ^ k0;
    v1 = 0x646f72616e646f6dL ^ k1;
    v2 = 0x6c7967656e657261L ^ k0;
    v3 = 0x7465646279746573L ^ k1;
    int whole = length & ~7;
    for (int i = 0; i < whole; i += 8) {
      compress((long) LONG_LE.get(in, i));
    }
    long m = (long) length << 56; // the length's low byte completes the last word
    for (int i = whole; i < length; i++) {
      m |= (in[i] & 0xFFL) << ((i & 7) << 3);
    }
    compress(m);
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
