package dev.waymark.hit.spool;

import dev.waymark.hit.EncodedBatch;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An append-only, crash-safe FIFO of encoded batches in segment files: {@link #append} never
 * blocks on anything but the local disk, {@link #peek}/{@link #ack} hand batches out in the order
 * they went in, and everything appended and not acked is there again after a restart, kill -9
 * included. A torn or corrupt record is skipped and counted, never fatal. Past the disk budget
 * (which spools may share, see {@link DiskBudget}) a batch is refused and counted; nothing else
 * is ever dropped. Thread-safe: one appender and one reader may work at once.
 */
public final class Spool implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Spool.class);
  private static final String SUFFIX = ".seg";
  /** A fully read active segment is recycled once it is this big, so idle spools stay small. */
  private static final long RECYCLE_BYTES = 1 << 20;
  /** Most bytes one read or write of a record moves; see {@link #ioSlice}. */
  static final int IO_SLICE_BYTES = 256 * 1024;
  /** Forces every appended batch to the disk before {@link #append} returns. */
  public static final long FSYNC_EVERY_APPEND = 0;
  /** Leaves appended batches to the OS until a segment is rolled or the spool closed. */
  public static final long FSYNC_NEVER = Long.MAX_VALUE;

  private final Path dir;
  private final long segmentBytes;
  private final DiskBudget budget;
  private final long fsyncIntervalNanos;
  private final TreeMap<Long, Path> segments = new TreeMap<>();
  private long bytes;
  private long nextSeq;
  private FileChannel active;
  private long activeSeq = -1;
  private long activeSize;
  private long lastForceNanos = System.nanoTime();
  private long readSeq;
  private long readOffset;
  private EncodedBatch peeked;
  private long peekedEnd;
  private volatile long oldestCreatedAt;
  private long appended;
  private long droppedBatches;
  private long droppedHits;
  private long corrupt;

  private Spool(Path dir, long segmentBytes, DiskBudget budget, long fsyncIntervalNanos) {
    this.dir = dir;
    this.segmentBytes = segmentBytes;
    this.budget = budget;
    this.fsyncIntervalNanos = fsyncIntervalNanos;
  }

  /**
   * Opens (or creates) the spool in {@code dir}; what an earlier process left is read first.
   * Appended batches are forced to the disk at most once per {@code fsyncIntervalNanos}:
   * {@link #FSYNC_EVERY_APPEND} after each one, {@link #FSYNC_NEVER} only when a segment is
   * rolled or the spool closed.
   */
  public static Spool open(Path dir, long segmentBytes, long budgetBytes, long fsyncIntervalNanos)
      throws IOException {
    return open(dir, segmentBytes, new DiskBudget(budgetBytes), fsyncIntervalNanos);
  }

  /** As {@link #open(Path, long, long, long)}, within a budget shared with other spools. */
  public static Spool open(Path dir, long segmentBytes, DiskBudget budget, long fsyncIntervalNanos)
      throws IOException {
    if (segmentBytes < 1024 || budget.limitBytes() < segmentBytes) {
      throw new IllegalArgumentException("spool segment >= 1 KiB and budget >= segment size");
    }
    Files.createDirectories(dir);
    Spool spool = new Spool(dir, segmentBytes, budget, fsyncIntervalNanos);
    spool.load();
    return spool;
  }

  private void load() throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        String name = f.getFileName().toString();
        if (name.endsWith(SUFFIX)) {
          segments.put(Long.parseLong(name.substring(0, name.length() - SUFFIX.length())), f);
          long size = Files.size(f);
          bytes += size;
          budget.take(size);
        }
      }
    }
    nextSeq = segments.isEmpty() ? 1 : segments.lastKey() + 1;
    readSeq = segments.isEmpty() ? nextSeq : segments.firstKey();
    Path cursor = dir.resolve("cursor");
    if (Files.exists(cursor)) {
      String[] c = Files.readString(cursor, StandardCharsets.US_ASCII).trim().split(" ");
      long seq = Long.parseLong(c[0]);
      while (!segments.isEmpty() && segments.firstKey() < seq) {
        deleteSegment(segments.firstKey()); // fully delivered before the last stop
      }
      if (segments.containsKey(seq)) {
        readSeq = seq;
        readOffset = Long.parseLong(c[1]);
      }
    }
    LOG.info("event=spool_opened dir={} segments={} bytes={} fsync_interval_ms={}", dir, segments.size(), bytes,
        fsyncIntervalNanos == FSYNC_NEVER ? "never" : String.valueOf(fsyncIntervalNanos / 1_000_000));
  }

  /** Appends a batch; false (and counted) when it would take the spool past its disk budget. */
  public synchronized boolean append(EncodedBatch batch) throws IOException {
    ByteBuffer record = SpoolRecords.encode(batch);
    int size = record.remaining();
    if (!budget.tryTake(size)) {
      droppedBatches++;
      droppedHits += batch.rows();
      return false;
    }
    try {
      if (active == null || activeSize >= segmentBytes) {
        roll();
      }
      while (record.hasRemaining()) {
        int n = active.write(ioSlice(record), activeSize);
        record.position(record.position() + n);
        activeSize += n;
      }
    } catch (IOException e) {
      // Disk full or failing: the torn record will be skipped by readers; start afresh next time.
      // Its bytes stay on disk until the segment is deleted, so they count until then; the
      // budget gets back what was never written.
      bytes += record.position();
      budget.give(size - record.position());
      if (active != null) {
        active.close();
        active = null;
      }
      throw e;
    }
    bytes += size;
    appended++;
    if (fsyncIntervalNanos == FSYNC_EVERY_APPEND
        || (fsyncIntervalNanos != FSYNC_NEVER && System.nanoTime() - lastForceNanos > fsyncIntervalNanos)) {
      force();
    }
    return true;
  }

  private void roll() throws IOException {
    if (active != null) {
      force();
      active.close();
    }
    activeSeq = nextSeq++;
    Path f = dir.resolve(String.format("%020d%s", activeSeq, SUFFIX));
    // A new segment on every start: never append behind a tail a crash may have torn.
    active = FileChannel.open(f, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    activeSize = 0;
    segments.put(activeSeq, f);
  }

  private void force() throws IOException {
    if (active != null) {
      active.force(false);
    }
    lastForceNanos = System.nanoTime();
  }

  /** The oldest batch not yet acked, the same one until {@link #ack}; null when none. */
  public synchronized EncodedBatch peek() throws IOException {
    while (peeked == null) {
      Long seq = segments.ceilingKey(readSeq);
      if (seq == null) {
        oldestCreatedAt = 0;
        return null;
      }
      if (seq != readSeq) {
        readSeq = seq;
        readOffset = 0;
      }
      long size = seq == activeSeq ? activeSize : Files.size(segments.get(seq));
      if (readOffset >= size) {
        if (seq == activeSeq) {
          oldestCreatedAt = 0;
          return null;
        }
        deleteSegment(seq);
        continue;
      }
      readAt(seq, size);
    }
    oldestCreatedAt = peeked.createdAtMillis();
    return peeked;
  }

  /** Reads the record at the read position, or skips past a bad one (counted). */
  private void readAt(long seq, long size) throws IOException {
    try (FileChannel ch = FileChannel.open(segments.get(seq), StandardOpenOption.READ)) {
      ByteBuffer header = ByteBuffer.allocate(SpoolRecords.HEADER_BYTES);
      int length = readFully(ch, header, readOffset) ? SpoolRecords.payloadLength(header) : -1;
      if (length >= 0 && readOffset + SpoolRecords.HEADER_BYTES + length <= size) {
        ByteBuffer payload = ByteBuffer.allocate(length);
        readFully(ch, payload, readOffset + SpoolRecords.HEADER_BYTES);
        EncodedBatch batch = SpoolRecords.decode(header, payload.array());
        if (batch != null) {
          peeked = batch;
          peekedEnd = readOffset + SpoolRecords.HEADER_BYTES + length;
          return;
        }
      }
      corrupt++;
      long from = readOffset;
      readOffset = nextMagic(ch, readOffset + 1, size);
      LOG.warn("event=spool_record_skipped segment={} offset={} skipped_bytes={}",
          seq, from, readOffset - from);
    }
  }

  private static boolean readFully(FileChannel ch, ByteBuffer buf, long position) throws IOException {
    while (buf.hasRemaining()) {
      int n = ch.read(ioSlice(buf), position + buf.position());
      if (n < 0) {
        return false;
      }
      buf.position(buf.position() + n);
    }
    return true;
  }

  /**
   * The next at most {@value #IO_SLICE_BYTES} bytes of {@code buf}, for one read or write. The JDK
   * copies a heap buffer through a direct one of the same size and keeps that per thread: whole
   * records (a batch can be 20 MB) left that much native memory resident in every thread that
   * spooled or replayed.
   */
  private static ByteBuffer ioSlice(ByteBuffer buf) {
    return buf.slice(buf.position(), Math.min(IO_SLICE_BYTES, buf.remaining()));
  }

  /** The offset of the next record marker at or after {@code from}, or {@code size}. */
  private static long nextMagic(FileChannel ch, long from, long size) throws IOException {
    ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
    for (long pos = from; pos < size; pos += buf.capacity() - 3) {
      buf.clear();
      int n = ch.read(buf, pos);
      for (int i = 0; i + 4 <= n; i++) {
        if (buf.getInt(i) == SpoolRecords.MAGIC) {
          return pos + i;
        }
      }
      if (n < buf.capacity()) {
        break;
      }
    }
    return size;
  }

  /** Marks the peeked batch delivered: it will not be handed out again, even after a restart. */
  public synchronized void ack() throws IOException {
    if (peeked == null) {
      throw new IllegalStateException("ack without peek");
    }
    peeked = null;
    readOffset = peekedEnd;
    if (readSeq == activeSeq && readOffset >= activeSize && activeSize >= RECYCLE_BYTES) {
      active.close();
      active = null;
      deleteSegment(activeSeq);
      activeSeq = -1;
    }
    writeCursor();
  }

  private void writeCursor() throws IOException {
    // Not fsynced: a stale cursor only re-offers batches, which the writer finds already sent.
    Path tmp = dir.resolve("cursor.tmp");
    Files.writeString(tmp, readSeq + " " + readOffset + "\n", StandardCharsets.US_ASCII);
    Files.move(tmp, dir.resolve("cursor"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  private void deleteSegment(long seq) throws IOException {
    Path f = segments.remove(seq);
    long size = Files.size(f);
    bytes -= size;
    budget.give(size);
    Files.delete(f);
  }

  /** Bytes on disk, including delivered batches of a segment still being read. */
  public synchronized long bytes() {
    return bytes;
  }

  /** Bytes on disk not yet delivered (records of the segments from the read position on). */
  public synchronized long pendingBytes() {
    return segments.containsKey(readSeq) ? Math.max(0, bytes - readOffset) : bytes;
  }

  /** Age of the oldest batch not yet delivered, 0 when the reader has caught up. */
  public long oldestUnsentAgeMillis(long nowMillis) {
    long created = oldestCreatedAt;
    return created == 0 ? 0 : Math.max(0, nowMillis - created);
  }

  public synchronized long appendedBatches() {
    return appended;
  }

  /** Batches refused because the disk budget was reached. */
  public synchronized long droppedBatches() {
    return droppedBatches;
  }

  public synchronized long droppedHits() {
    return droppedHits;
  }

  /** Torn or corrupt records skipped while reading. */
  public synchronized long corruptRecords() {
    return corrupt;
  }

  @Override
  public synchronized void close() throws IOException {
    if (active != null) {
      force();
      active.close();
      active = null;
      if (peeked == null && readSeq == activeSeq && readOffset >= activeSize) {
        deleteSegment(activeSeq); // everything delivered: leave an empty spool behind
        readSeq = nextSeq;
        readOffset = 0;
      }
    }
    writeCursor();
    LOG.info("event=spool_closed dir={} segments={} bytes={}", dir, segments.size(), bytes);
  }
}
