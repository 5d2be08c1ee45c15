package dev.waymark.hit.row;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.UUID;

/**
 * A growable buffer of ClickHouse RowBinary values (little-endian integers, LEB128-prefixed UTF-8
 * strings): what {@link HitsRowBinary} sends and what the sink spills. Single-threaded and
 * lock-free, unlike the JDK's byte streams, which lock on every write.
 */
public final class RowBinaryOut {

  private byte[] bytes;
  private int length;

  public RowBinaryOut(int capacity) {
    bytes = new byte[capacity];
  }

  /** The buffer itself (valid up to {@link #length}); it changes as the buffer grows. */
  public byte[] array() {
    return bytes;
  }

  public int length() {
    return length;
  }

  /** Empties the buffer, keeping its capacity. */
  public void reset() {
    length = 0;
  }

  /** A copy of what was written. */
  public byte[] toByteArray() {
    return Arrays.copyOf(bytes, length);
  }

  private void ensure(int more) {
    if (length + more > bytes.length) {
      bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + more));
    }
  }

  public void uint(long v, int size) {
    ensure(size);
    for (int i = 0; i < size; i++) {
      bytes[length++] = (byte) (v >>> (8 * i));
    }
  }

  /** ClickHouse's UUID layout: the high half, then the low half, each little-endian. */
  public void uuid(UUID id) {
    uint(id.getMostSignificantBits(), 8);
    uint(id.getLeastSignificantBits(), 8);
  }

  public void string(String s) {
    int chars = s.length();
    if (chars < 0x80) {
      // Most values are short ASCII: one length byte and the chars, no byte[] per field, in
      // one pass that starts over as UTF-8 at the first other char.
      ensure(chars + 1);
      int start = length;
      bytes[length++] = (byte) chars;
      int i = 0;
      for (char c; i < chars && (c = s.charAt(i)) < 0x80; i++) {
        bytes[length++] = (byte) c;
      }
      if (i == chars) {
        return;
      }
      length = start;
    }
    byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
    int n = utf8.length;
    ensure(n + 5);
    while ((n & ~0x7F) != 0) { // LEB128 length prefix
      bytes[length++] = (byte) ((n & 0x7F) | 0x80);
      n >>>= 7;
    }
    bytes[length++] = (byte) n;
    System.arraycopy(utf8, 0, bytes, length, utf8.length);
    length += utf8.length;
  }
}
