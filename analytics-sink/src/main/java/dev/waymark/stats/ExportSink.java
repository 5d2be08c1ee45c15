package dev.waymark.stats;

import java.util.List;

/**
 * Where {@link StatsStore#export} hands the rows, one at a time in {@code ts, hit_id} order, each
 * the text of every {@link ExportColumn#ALL} value in order. It runs on the exporting thread and
 * may block it to slow the store down (back-pressure); returning {@code false} stops the export.
 */
@FunctionalInterface
public interface ExportSink {

  /** Takes one row; {@code false} when no more rows are wanted. */
  boolean accept(List<String> values) throws Exception;
}
