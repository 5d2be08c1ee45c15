package dev.waymark.hit.clickhouse;

/**
 * A ClickHouse server version as {@code SELECT version()} prints it, compared on major.minor so
 * SQL can be gated on what the server understands.
 */
record ServerVersion(int major, int minor) {

  static ServerVersion parse(String text) {
    String[] parts = text.trim().split("\\.");
    try {
      return new ServerVersion(Integer.parseInt(parts[0]), parts.length > 1 ? Integer.parseInt(parts[1]) : 0);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("unexpected ClickHouse version '" + text + "'", e);
    }
  }

  /** LowCardinality left "experimental" in 19.9; before that it needs a setting and had bugs. */
  boolean hasStableLowCardinality() {
    return major > 19 || (major == 19 && minor >= 9);
  }
}
