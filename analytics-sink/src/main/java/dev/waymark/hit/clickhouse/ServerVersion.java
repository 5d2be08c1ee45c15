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

  /**
   * {@code insert_deduplication_token} arrived in 22.2 (ClickHouse PR #32304); the table setting
   * {@code non_replicated_deduplication_window} it needs on a plain MergeTree is older, so one gate
   * covers both. 18.16 has neither and refuses an unknown setting, so it must not be sent there.
   */
  boolean hasInsertDeduplicationToken() {
    return major > 22 || (major == 22 && minor >= 2);
  }
}
