package dev.waymark.hit.spool;

import dev.waymark.hit.EncodedBatch;
import java.nio.ByteBuffer;
import java.util.UUID;
import java.util.zip.CRC32;

/**
 * The on-disk form of one spooled batch: {@code magic, length, crc32(payload), payload}, where the
 * payload is the batch header followed by its gzipped RowBinary. The magic lets a reader find the
 * next record after a corrupt length; the CRC catches torn and bit-flipped records.
 */
final class SpoolRecords {

  static final int MAGIC = 0x574D4B31; // "WMK1"
  static final int HEADER_BYTES = 12;
  /** Batch header inside the payload: version, batch id, rows, minTs, maxTs, createdAt. */
  private static final int BATCH_HEADER_BYTES = 1 + 16 + 4 + 8 + 8 + 8;
  private static final byte VERSION = 1;
  /** Version 1's layout for a batch the store must check for before inserting. */
  private static final byte VERSION_MAY_ALREADY_BE_IN = 2;
  /**
   * Versions 1 and 2 hold bodies of {@link EncodedBatch#FORMAT_BEFORE_RULE}, which is all earlier
   * versions wrote; these two the same for bodies of {@link EncodedBatch#FORMAT}. The version is
   * the only place a body's format is written, so spool files survive an upgrade.
   */
  private static final byte VERSION_WITH_RULE = 3;
  private static final byte VERSION_WITH_RULE_MAY_ALREADY_BE_IN = 4;
  /** A length above this is corruption, not a batch. */
  static final int MAX_PAYLOAD_BYTES = 512 * 1024 * 1024;

  private SpoolRecords() {}

  static ByteBuffer encode(EncodedBatch b) {
    int payload = BATCH_HEADER_BYTES + b.body().length;
    ByteBuffer buf = ByteBuffer.allocate(HEADER_BYTES + payload);
    buf.putInt(MAGIC).putInt(payload).putInt(0);
    buf.put(version(b))
        .putLong(b.batchId().getMostSignificantBits())
        .putLong(b.batchId().getLeastSignificantBits())
        .putInt(b.rows())
        .putLong(b.minTs())
        .putLong(b.maxTs())
        .putLong(b.createdAtMillis())
        .put(b.body());
    CRC32 crc = new CRC32();
    crc.update(buf.array(), HEADER_BYTES, payload);
    buf.putInt(8, (int) crc.getValue());
    return buf.flip();
  }

  private static byte version(EncodedBatch b) {
    if (b.format() == EncodedBatch.FORMAT_BEFORE_RULE) {
      return b.mayAlreadyBeIn() ? VERSION_MAY_ALREADY_BE_IN : VERSION;
    }
    return b.mayAlreadyBeIn() ? VERSION_WITH_RULE_MAY_ALREADY_BE_IN : VERSION_WITH_RULE;
  }

  /** Checks a header read from disk; returns the payload length, or -1 when it is no header. */
  static int payloadLength(ByteBuffer header) {
    if (header.getInt(0) != MAGIC) {
      return -1;
    }
    int length = header.getInt(4);
    return length >= BATCH_HEADER_BYTES && length <= MAX_PAYLOAD_BYTES ? length : -1;
  }

  /** Decodes a payload whose CRC matches; {@code null} when it does not or is not a batch. */
  static EncodedBatch decode(ByteBuffer header, byte[] payload) {
    CRC32 crc = new CRC32();
    crc.update(payload);
    byte version = payload[0];
    if ((int) crc.getValue() != header.getInt(8) || version < VERSION || version > VERSION_WITH_RULE_MAY_ALREADY_BE_IN) {
      return null;
    }
    ByteBuffer p = ByteBuffer.wrap(payload);
    p.get();
    UUID id = new UUID(p.getLong(), p.getLong());
    int rows = p.getInt();
    long minTs = p.getLong();
    long maxTs = p.getLong();
    long createdAt = p.getLong();
    byte[] body = new byte[p.remaining()];
    p.get(body);
    try {
      return new EncodedBatch(id, rows, minTs, maxTs, createdAt, body,
          version == VERSION_MAY_ALREADY_BE_IN || version == VERSION_WITH_RULE_MAY_ALREADY_BE_IN,
          version <= VERSION_MAY_ALREADY_BE_IN ? EncodedBatch.FORMAT_BEFORE_RULE : EncodedBatch.FORMAT);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
