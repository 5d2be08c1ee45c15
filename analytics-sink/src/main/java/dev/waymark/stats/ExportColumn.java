package dev.waymark.stats;

import java.util.List;

/**
 * One column of a hits export: every column of {@code hits}, in the table's own order
 * ({@code HitsSchema.COLUMNS}, which a test holds this list to), and how its text is written.
 * There is no IP column in {@code hits}, so there is none here.
 */
public record ExportColumn(String name, Type type) {

  /** How a value is written: times as ISO-8601 UTC, numbers as plain digits, the rest as text. */
  public enum Type { TIME, UUID, TEXT, NUMBER }

  /** The columns of every export row, in order. */
  public static final List<ExportColumn> ALL = List.of(
      c("ts", Type.TIME), c("hit_id", Type.UUID), c("batch_id", Type.UUID), c("code", Type.TEXT),
      c("link_code", Type.TEXT), c("touchpoint_code", Type.TEXT), c("campaign", Type.TEXT),
      c("channel", Type.TEXT), c("stage", Type.TEXT), c("source", Type.TEXT), c("is_qr", Type.NUMBER),
      c("variant", Type.TEXT), c("status", Type.NUMBER), c("device", Type.TEXT), c("os", Type.TEXT),
      c("os_version", Type.TEXT), c("browser", Type.TEXT), c("browser_version", Type.TEXT),
      c("traffic", Type.TEXT), c("bot_name", Type.TEXT), c("country", Type.TEXT),
      c("referrer_host", Type.TEXT), c("utm_source", Type.TEXT), c("utm_medium", Type.TEXT),
      c("utm_campaign", Type.TEXT), c("utm_term", Type.TEXT), c("utm_content", Type.TEXT),
      c("language", Type.TEXT), c("visitor", Type.NUMBER), c("visitor_month", Type.NUMBER),
      c("received_at", Type.TIME), c("rule", Type.TEXT));

  private static ExportColumn c(String name, Type type) {
    return new ExportColumn(name, type);
  }
}
