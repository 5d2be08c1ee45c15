package dev.waymark.hit.row;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.UUID;

/**
 * Reads back what {@link RowBinaryOut} wrote, in the same order. Running past the end, or a
 * length that points past it, throws {@link IndexOutOfBoundsException}.
 */
public final class RowBinaryIn {

  private final byte[] bytes;
  private int pos;

  public RowBinaryIn(byte[] bytes) {
    this.bytes = bytes;
  }

  public boolean hasMore() {
    return pos < bytes.length;
  }

  public long uint(int size) {
    Objects.checkFromIndexSize(pos, size, bytes.length);
    long v = 0;
    for (int i = 0; i < size; i++) {
      v |= (bytes[pos++] & 0xFFL) << (8 * i);
    }
    return v;
  }

  public UUID uuid() {
    return new UUID(uint(8), uint(8));
  }

  public String string() {
    int n = 0;
    int shift = 0;
    int b;
    do {
      b = bytes[pos++] & 0xFF;
      n |= (b & 0x7F) << shift;
      shift += 7;
    } while ((b & 0x80) != 0 && shift < 35);
    Objects.checkFromIndexSize(pos, n, bytes.length);
    String s = new String(bytes, pos, n, StandardCharsets.UTF_8);
    pos += n;
    return s;
  }
}
