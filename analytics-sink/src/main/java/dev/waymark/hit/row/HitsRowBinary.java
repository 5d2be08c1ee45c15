package dev.waymark.hit.row;

import dev.waymark.hit.Device;
import dev.waymark.hit.EncodedBatch;
import dev.waymark.hit.HitRow;
import dev.waymark.hit.Traffic;
import dev.waymark.journey.Stage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.Deflater;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Encodes {@code hits} rows as ClickHouse RowBinary in the order of {@code HitsSchema.COLUMNS}
 * (the table's own order: {@code rule}, added last, comes last), gzipped:
 * the fastest insert format 18.16 reads (VERSIONS.md), and the bytes the spool keeps, so a batch
 * is encoded once and sent as-is on every retry.
 */
public final class HitsRowBinary {

  private HitsRowBinary() {}

  public static byte[] gzip(List<HitRow> rows) {
    GzipWriter writer = new GzipWriter();
    for (HitRow row : rows) {
      writer.add(row);
    }
    return writer.finish();
  }

  /**
   * Encodes rows one at a time into gzipped RowBinary, so a batch can be filled for a second
   * while only its compressed bytes stay in memory: the rows themselves
   * die young, which keeps them out of the old generation. Single-threaded; one batch each.
   */
  public static final class GzipWriter {
    /** Rows are encoded into this plain array and deflated in chunks of about this size. */
    private static final int CHUNK_BYTES = 64 * 1024;

    private final RowBinaryOut raw = new RowBinaryOut(CHUNK_BYTES + 4096);
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream(CHUNK_BYTES);
    private final OutputStream gz;
    private boolean finished;

    public GzipWriter() {
      try {
        gz = new FastGzip(bytes);
      } catch (IOException e) {
        throw new UncheckedIOException(e); // in-memory streams do not fail
      }
    }

    public void add(HitRow row) {
      if (finished) {
        throw new IllegalStateException("writer already finished");
      }
      write(raw, row);
      if (raw.length() >= CHUNK_BYTES) {
        deflate();
      }
    }

    /** The gzip stream of every row added; the writer takes no more rows after this. */
    public byte[] finish() {
      if (!finished) {
        finished = true;
        deflate();
        try {
          gz.close();
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
      return bytes.toByteArray();
    }

    // Deflating a chunk at a time, not per field: per-byte writes into a GZIPOutputStream deflate
    // one byte at a time, and JDK streams lock on every write.
    private void deflate() {
      try {
        gz.write(raw.array(), 0, raw.length());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      raw.reset();
    }
  }

  /**
   * Decodes what {@link #gzip} made, for stores that do not speak RowBinary themselves (DuckDB).
   * Throws {@link IllegalArgumentException} on anything else.
   */
  public static List<HitRow> read(byte[] gzipBody, int expectedRows) {
    return read(gzipBody, expectedRows, EncodedBatch.FORMAT);
  }

  /**
   * As {@link #read(byte[], int)} for a body of the given {@link EncodedBatch#format}: one an
   * earlier version spooled has no {@code rule}, which reads as {@code ""}.
   */
  public static List<HitRow> read(byte[] gzipBody, int expectedRows, int format) {
    boolean withRule = format != EncodedBatch.FORMAT_BEFORE_RULE;
    byte[] raw;
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(gzipBody))) {
      raw = in.readAllBytes();
    } catch (IOException e) {
      throw new IllegalArgumentException("not a gzipped RowBinary batch: " + e.getMessage(), e);
    }
    RowBinaryIn in = new RowBinaryIn(raw);
    List<HitRow> rows = new ArrayList<>(expectedRows);
    try {
      while (in.hasMore()) {
        rows.add(new HitRow(in.uint(4), in.uuid(), in.uuid(), in.string(), in.string(), in.string(),
            in.string(), in.string(), Stage.values()[(int) in.uint(1)], in.string(), in.uint(1) == 1,
            in.string(), (int) in.uint(2), Device.values()[(int) in.uint(1)], in.string(),
            in.string(), in.string(), in.string(), Traffic.values()[(int) in.uint(1)], in.string(),
            in.string(), in.string(), in.string(), in.string(), in.string(), in.string(),
            in.string(), in.string(), in.uint(8), in.uint(8), in.uint(4), withRule ? in.string() : ""));
      }
    } catch (IndexOutOfBoundsException e) {
      throw new IllegalArgumentException("truncated RowBinary batch after " + rows.size() + " rows", e);
    }
    return rows;
  }

  private static void write(RowBinaryOut out, HitRow r) {
    out.uint(r.ts(), 4);
    out.uuid(r.hitId());
    out.uuid(r.batchId());
    out.string(r.code());
    out.string(r.linkCode());
    out.string(r.touchpointCode());
    out.string(r.campaign());
    out.string(r.channel());
    out.uint(r.stage().ordinal(), 1);
    out.string(r.source());
    out.uint(r.qr() ? 1 : 0, 1);
    out.string(r.variant());
    out.uint(r.status(), 2);
    out.uint(r.device().ordinal(), 1);
    out.string(r.os());
    out.string(r.osVersion());
    out.string(r.browser());
    out.string(r.browserVersion());
    out.uint(r.traffic().ordinal(), 1);
    out.string(r.botName());
    out.string(r.country());
    out.string(r.referrerHost());
    out.string(r.utmSource());
    out.string(r.utmMedium());
    out.string(r.utmCampaign());
    out.string(r.utmTerm());
    out.string(r.utmContent());
    out.string(r.language());
    out.uint(r.visitor(), 8);
    out.uint(r.visitorMonth(), 8);
    out.uint(r.receivedAt(), 4);
    out.string(r.rule());
  }

  /** Level 1: the batch is sent on loopback or a LAN, where CPU costs more than bytes. */
  private static final class FastGzip extends GZIPOutputStream {
    FastGzip(OutputStream out) throws IOException {
      super(out, 64 * 1024);
      def.setLevel(Deflater.BEST_SPEED);
    }
  }
}
