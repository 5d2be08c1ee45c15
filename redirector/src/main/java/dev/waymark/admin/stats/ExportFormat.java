package dev.waymark.admin.stats;

import dev.waymark.stats.ExportColumn;
import java.util.List;

/**
 * How exported hit rows are written: CSV (RFC 4180: a header row of column names, CRLF, a field
 * quoted when it holds a quote, comma or line break, quotes doubled) or NDJSON (one JSON object a
 * line, keys the column names, number columns as JSON numbers). Both UTF-8.
 */
enum ExportFormat {
  CSV("csv", "text/csv; charset=utf-8"),
  NDJSON("ndjson", "application/x-ndjson");

  final String extension;
  final String contentType;

  ExportFormat(String extension, String contentType) {
    this.extension = extension;
    this.contentType = contentType;
  }

  /** What comes before the first row: CSV's header row; nothing for NDJSON. */
  void header(StringBuilder out) {
    if (this == CSV) {
      for (int i = 0; i < ExportColumn.ALL.size(); i++) {
        out.append(i == 0 ? "" : ",").append(ExportColumn.ALL.get(i).name());
      }
      out.append("\r\n");
    }
  }

  /** One row, {@code values} in {@link ExportColumn#ALL} order; a {@code null} is empty (CSV) or null (JSON). */
  void row(List<String> values, StringBuilder out) {
    if (this == CSV) {
      for (int i = 0; i < values.size(); i++) {
        if (i > 0) {
          out.append(',');
        }
        csv(values.get(i), out);
      }
      out.append("\r\n");
      return;
    }
    out.append('{');
    for (int i = 0; i < values.size(); i++) {
      ExportColumn c = ExportColumn.ALL.get(i);
      out.append(i == 0 ? "\"" : ",\"").append(c.name()).append("\":");
      String v = values.get(i);
      if (v == null) {
        out.append("null");
      } else if (c.type() == ExportColumn.Type.NUMBER) {
        out.append(v); // plain digits from the store; a UInt64 past 2^63 stays exact as text
      } else {
        json(v, out);
      }
    }
    out.append("}\n");
  }

  private static void csv(String v, StringBuilder out) {
    if (v == null) {
      return;
    }
    boolean quote = false;
    for (int i = 0; i < v.length() && !quote; i++) {
      char c = v.charAt(i);
      quote = c == '"' || c == ',' || c == '\r' || c == '\n';
    }
    if (!quote) {
      out.append(v);
      return;
    }
    out.append('"');
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      out.append(c);
      if (c == '"') {
        out.append('"');
      }
    }
    out.append('"');
  }

  private static void json(String v, StringBuilder out) {
    out.append('"');
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }
}
