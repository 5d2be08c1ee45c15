package dev.waymark.geo;

/**
 * IPv4 dotted-quad and IPv6 text to address bytes, written out here because the JDK's only
 * parser, {@code InetAddress.getByName}, resolves anything it does not take for a literal.
 * Accepts no zone ({@code %eth0}), no brackets, nothing but the address.
 */
final class IpLiteral {

  private IpLiteral() {}

  /**
   * The 4 or 16 bytes of {@code text}, or {@code null} when it is not exactly an address; an
   * IPv4-mapped IPv6 address ({@code ::ffff:1.2.3.4}) gives its 4 IPv4 bytes.
   */
  static byte[] parse(String text) {
    if (text == null || text.isEmpty() || text.length() > 45) {
      return null;
    }
    if (text.indexOf(':') < 0) {
      return v4(text, 0, text.length(), new byte[4], 0);
    }
    byte[] v6 = v6(text);
    if (v6 == null || !isV4Mapped(v6)) {
      return v6;
    }
    return new byte[] {v6[12], v6[13], v6[14], v6[15]};
  }

  /**
   * Whether {@code address} may be anyone's on the internet: not private, loopback, link-local,
   * shared (CGNAT), documentation, benchmarking, multicast or reserved (RFC 6890). Databases
   * place some of these somewhere all the same (ip-location-db puts 192.168.1.1 in Australia).
   */
  static boolean isGlobal(byte[] a) {
    int b0 = a[0] & 0xff;
    int b1 = a[1] & 0xff;
    if (a.length == 4) {
      int b2 = a[2] & 0xff;
      return !(b0 == 0 || b0 == 10 || b0 == 127 || b0 >= 224
          || b0 == 100 && (b1 & 0xc0) == 64
          || b0 == 169 && b1 == 254
          || b0 == 172 && (b1 & 0xf0) == 16
          || b0 == 192 && b1 == 168
          || b0 == 192 && b1 == 0 && (b2 == 0 || b2 == 2)
          || b0 == 198 && (b1 & 0xfe) == 18
          || b0 == 198 && b1 == 51 && b2 == 100
          || b0 == 203 && b1 == 0 && b2 == 113);
    }
    // Global unicast is 2000::/3; within it, documentation (2001:db8::/32) is not anyone's.
    return (b0 & 0xe0) == 0x20 && !(b0 == 0x20 && b1 == 0x01 && a[2] == 0x0d && (a[3] & 0xff) == 0xb8);
  }

  private static boolean isV4Mapped(byte[] a) {
    for (int i = 0; i < 10; i++) {
      if (a[i] != 0) {
        return false;
      }
    }
    return a[10] == (byte) 0xff && a[11] == (byte) 0xff;
  }

  /** Writes the dotted quad of {@code s[from, to)} into {@code out} at {@code at}; null if it is none. */
  private static byte[] v4(String s, int from, int to, byte[] out, int at) {
    int part = 0;
    int value = 0;
    int digits = 0;
    for (int i = from; i <= to; i++) {
      char c = i == to ? '.' : s.charAt(i);
      if (c >= '0' && c <= '9') {
        // A leading zero (010) is octal to some parsers and decimal to others: neither here.
        if (digits == 1 && value == 0 || ++digits > 3) {
          return null;
        }
        value = value * 10 + (c - '0');
      } else if (c == '.' && digits > 0 && value <= 255 && part < 4) {
        out[at + part++] = (byte) value;
        value = 0;
        digits = 0;
      } else {
        return null;
      }
    }
    return part == 4 ? out : null;
  }

  private static byte[] v6(String s) {
    byte[] out = new byte[16];
    int gap = s.indexOf("::");
    if (gap >= 0 && s.indexOf("::", gap + 1) >= 0) {
      return null;
    }
    if (gap < 0) {
      return groups(s, 0, s.length(), out, 0, 16) == 16 ? out : null;
    }
    byte[] tail = new byte[16];
    int head = gap == 0 ? 0 : groups(s, 0, gap, out, 0, 14);
    int rest = gap + 2 == s.length() ? 0 : groups(s, gap + 2, s.length(), tail, 0, 14 - Math.max(head, 0));
    if (head < 0 || rest < 0 || head + rest > 14) {
      return null;
    }
    System.arraycopy(tail, 0, out, 16 - rest, rest);
    return out;
  }

  /**
   * Parses colon-separated hex groups of {@code s[from, to)}, the last of which may be a dotted
   * quad, into {@code out} from {@code at}; returns the bytes written, or -1 when malformed or
   * more than {@code max}.
   */
  private static int groups(String s, int from, int to, byte[] out, int at, int max) {
    int n = 0;
    int start = from;
    while (start <= to) {
      int end = s.indexOf(':', start);
      if (end < 0 || end > to) {
        end = to;
      }
      if (end == start) {
        return -1; // an empty group: a lone ':' at either end, or ':::'
      }
      if (end == to && s.lastIndexOf('.', to - 1) >= start) {
        if (n + 4 > max || v4(s, start, end, out, at + n) == null) {
          return -1;
        }
        return n + 4;
      }
      if (end - start > 4 || n + 2 > max) {
        return -1;
      }
      int value = 0;
      for (int i = start; i < end; i++) {
        int d = hex(s.charAt(i));
        if (d < 0) {
          return -1;
        }
        value = value << 4 | d;
      }
      out[at + n++] = (byte) (value >> 8);
      out[at + n++] = (byte) value;
      start = end + 1;
      if (end == to) {
        break;
      }
    }
    return n;
  }

  /** ASCII hex only: {@code Character.digit} takes other scripts' digits too. */
  private static int hex(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    return c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
  }
}
