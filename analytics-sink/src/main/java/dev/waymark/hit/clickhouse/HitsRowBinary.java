package dev.waymark.hit.clickhouse;

import dev.waymark.hit.HitRow;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * Encodes {@code hits} rows as ClickHouse RowBinary in {@link HitsSchema#COLUMNS} order, gzipped:
 * the fastest insert format 18.16 reads (VERSIONS.md), and the bytes the spool keeps, so a batch
 * is encoded once and sent as-is on every retry.
 */
public final class HitsRowBinary {

  private HitsRowBinary() {}

  public static byte[] gzip(List<HitRow> rows) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(rows.size() * 160 + 64);
    try (OutputStream gz = new FastGzip(bytes)) {
      byte[] scratch = new byte[16];
      for (HitRow row : rows) {
        write(gz, row, scratch);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e); // in-memory streams do not fail
    }
    return bytes.toByteArray();
  }

  private static void write(OutputStream out, HitRow r, byte[] b) throws IOException {
    uint32(out, r.ts(), b);
    uuid(out, r.hitId(), b);
    uuid(out, r.batchId(), b);
    string(out, r.code());
    string(out, r.linkCode());
    string(out, r.touchpointCode());
    string(out, r.campaign());
    string(out, r.channel());
    out.write(r.stage().ordinal());
    string(out, r.source());
    out.write(r.qr() ? 1 : 0);
    string(out, r.variant());
    out.write(r.status() & 0xFF);
    out.write((r.status() >>> 8) & 0xFF);
    out.write(r.device().ordinal());
    string(out, r.os());
    string(out, r.osVersion());
    string(out, r.browser());
    string(out, r.browserVersion());
    out.write(r.traffic().ordinal());
    string(out, r.botName());
    string(out, r.country());
    string(out, r.referrerHost());
    string(out, r.utmSource());
    string(out, r.utmMedium());
    string(out, r.utmCampaign());
    string(out, r.utmTerm());
    string(out, r.utmContent());
    string(out, r.language());
    uint64(out, r.visitor(), b);
    uint64(out, r.visitorMonth(), b);
    uint32(out, r.receivedAt(), b);
  }

  private static void uint32(OutputStream out, long v, byte[] b) throws IOException {
    for (int i = 0; i < 4; i++) {
      b[i] = (byte) (v >>> (8 * i));
    }
    out.write(b, 0, 4);
  }

  private static void uint64(OutputStream out, long v, byte[] b) throws IOException {
    for (int i = 0; i < 8; i++) {
      b[i] = (byte) (v >>> (8 * i));
    }
    out.write(b, 0, 8);
  }

  /** ClickHouse's UUID layout: the high half, then the low half, each little-endian. */
  private static void uuid(OutputStream out, UUID id, byte[] b) throws IOException {
    uint64(out, id.getMostSignificantBits(), b);
    uint64(out, id.getLeastSignificantBits(), b);
  }

  private static void string(OutputStream out, String s) throws IOException {
    byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
    int n = utf8.length;
    while ((n & ~0x7F) != 0) { // LEB128 length prefix
      out.write((n & 0x7F) | 0x80);
      n >>>= 7;
    }
    out.write(n);
    out.write(utf8);
  }

  /** Level 1: the batch is sent on loopback or a LAN, where CPU costs more than bytes. */
  private static final class FastGzip extends GZIPOutputStream {
    FastGzip(OutputStream out) throws IOException {
      super(out, 64 * 1024);
      def.setLevel(Deflater.BEST_SPEED);
    }
  }
}
