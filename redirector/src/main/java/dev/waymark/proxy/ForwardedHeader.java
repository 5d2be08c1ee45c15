package dev.waymark.proxy;

import java.util.Locale;

/**
 * The header a trusted proxy writes the client chain into. Only one is read: a proxy that appends
 * to one passes the other through as the client sent it, so reading both would let a client slip
 * an address past the proxy.
 */
public enum ForwardedHeader {
  /** {@code X-Forwarded-For: client, proxy1, proxy2}: addresses, optionally with a port. */
  X_FORWARDED_FOR("X-Forwarded-For"),
  /** RFC 7239 {@code Forwarded: for=client;proto=https, for="[2001:db8::1]:4711"}. */
  FORWARDED("Forwarded");

  private final String headerName;

  ForwardedHeader(String headerName) {
    this.headerName = headerName;
  }

  public String headerName() {
    return headerName;
  }

  /** The format whose header is named {@code name} (any case), or {@code null}. */
  public static ForwardedHeader named(String name) {
    for (ForwardedHeader h : values()) {
      if (h.headerName.equalsIgnoreCase(name == null ? "" : name.trim())) {
        return h;
      }
    }
    return null;
  }

  /**
   * The address text of the chain element {@code chain[from, to)}; for {@code Forwarded}, the
   * value of its {@code for} parameter without quotes ({@code null} when it has none).
   */
  String addressIn(String chain, int from, int to) {
    String element = chain.substring(from, to).trim();
    if (this == X_FORWARDED_FOR) {
      return element;
    }
    for (String pair : element.split(";")) {
      int eq = pair.indexOf('=');
      if (eq > 0 && pair.substring(0, eq).trim().toLowerCase(Locale.ROOT).equals("for")) {
        String value = pair.substring(eq + 1).trim();
        if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
          value = value.substring(1, value.length() - 1);
        }
        return value;
      }
    }
    return null;
  }
}
