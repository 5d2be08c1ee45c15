package dev.waymark.routing;

/**
 * The 64-bit hashes variant assignment is made of: fixed functions of their input (no seed, no
 * {@link String#hashCode}), so every redirector, before and after a restart, assigns alike.
 */
final class Hashing {

  private Hashing() {}

  /** MurmurHash3's finaliser: a bijection whose every input bit flips each output bit with p≈1/2. */
  static long fmix64(long z) {
    z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
    z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
    return z ^ (z >>> 33);
  }

  /** FNV-1a over the UTF-16 units, then {@link #fmix64}: FNV alone mixes its last units poorly. */
  static long of(String s) {
    long h = 0xcbf29ce484222325L;
    for (int i = 0; i < s.length(); i++) {
      h = (h ^ s.charAt(i)) * 0x100000001b3L;
    }
    return fmix64(h);
  }

  /**
   * A uniform double in the open interval (0, 1) from the top 52 bits of {@code h}: with 53, the
   * largest would round to 1.0, whose log is 0.
   */
  static double unit(long h) {
    return ((h >>> 12) + 0.5) * 0x1.0p-52;
  }
}
