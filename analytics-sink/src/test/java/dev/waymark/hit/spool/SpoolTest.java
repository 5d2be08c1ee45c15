package dev.waymark.hit.spool;

import static org.assertj.core.api.Assertions.assertThat;

import dev.waymark.hit.EncodedBatch;
import dev.waymark.hit.HitIds;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpoolTest {

  @TempDir Path dir;

  private static EncodedBatch batch(int i, int bodyBytes) {
    byte[] body = new byte[bodyBytes];
    new Random(i).nextBytes(body);
    return new EncodedBatch(new UUID(0, i), i + 1, 1000 + i, 2000 + i, 5000 + i, body);
  }

  private static List<Integer> drain(Spool spool) throws Exception {
    List<Integer> seen = new ArrayList<>();
    for (EncodedBatch b = spool.peek(); b != null; b = spool.peek()) {
      seen.add((int) b.batchId().getLeastSignificantBits());
      spool.ack();
    }
    return seen;
  }

  private List<Path> segments() throws Exception {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.toString().endsWith(".seg")).sorted().toList();
    }
  }

  @Test
  void spool_manyBatchesAcrossSegments_comeOutInOrderWithContent() throws Exception {
    try (Spool spool = Spool.open(dir, 4096, 1 << 20, Spool.FSYNC_NEVER)) {
      for (int i = 0; i < 50; i++) {
        assertThat(spool.append(batch(i, 500))).isTrue();
      }
      assertThat(segments()).hasSizeGreaterThan(3);
      EncodedBatch first = spool.peek();
      assertThat(spool.peek()).isSameAs(first);
      assertThat(first.body()).isEqualTo(batch(0, 500).body());
      assertThat(first.rows()).isEqualTo(1);
      assertThat(first.minTs()).isEqualTo(1000);
      assertThat(first.createdAtMillis()).isEqualTo(5000);
      assertThat(drain(spool)).containsExactlyElementsOf(java.util.stream.IntStream.range(0, 50).boxed().toList());
      assertThat(spool.peek()).isNull();
      assertThat(spool.corruptRecords()).isZero();
    }
  }

  @Test
  void spool_batchesLargerThanOneIo_areWrittenAndReadInSlicesIntact() throws Exception {
    int big = 3 * Spool.IO_SLICE_BYTES + 12_345;
    try (Spool spool = Spool.open(dir, 64 << 20, 256 << 20, Spool.FSYNC_NEVER)) {
      assertThat(spool.append(batch(1, big))).isTrue();
      assertThat(spool.append(batch(2, 10))).isTrue();
    }
    try (Spool reopened = Spool.open(dir, 64 << 20, 256 << 20, Spool.FSYNC_NEVER)) {
      assertThat(reopened.peek().body()).isEqualTo(batch(1, big).body());
      reopened.ack();
      assertThat(reopened.peek().body()).isEqualTo(batch(2, 10).body());
      assertThat(reopened.corruptRecords()).isZero();
    }
  }

  @Test
  void spool_reopenedWithoutClose_offersEveryUnackedBatchAgain() throws Exception {
    Spool crashed = Spool.open(dir, 4096, 1 << 20, Spool.FSYNC_NEVER);
    for (int i = 0; i < 20; i++) {
      crashed.append(batch(i, 300));
    }
    for (int i = 0; i < 7; i++) {
      crashed.peek();
      crashed.ack();
    }
    // No close(): as after kill -9, only what reached the OS counts.
    try (Spool next = Spool.open(dir, 4096, 1 << 20, Spool.FSYNC_NEVER)) {
      assertThat(drain(next)).containsExactlyElementsOf(java.util.stream.IntStream.range(7, 20).boxed().toList());
      next.append(batch(99, 10));
      assertThat(drain(next)).containsExactly(99);
    }
  }

  @Test
  void spool_tornTailAfterCrash_skipsTheTornRecordAndCountsIt() throws Exception {
    Spool crashed = Spool.open(dir, 1 << 20, 1 << 22, Spool.FSYNC_NEVER);
    for (int i = 0; i < 5; i++) {
      crashed.append(batch(i, 1000));
    }
    Path seg = segments().get(0);
    try (RandomAccessFile f = new RandomAccessFile(seg.toFile(), "rw")) {
      f.setLength(f.length() - 600); // the last record is half written
    }
    try (Spool next = Spool.open(dir, 1 << 20, 1 << 22, Spool.FSYNC_NEVER)) {
      assertThat(drain(next)).containsExactly(0, 1, 2, 3);
      assertThat(next.corruptRecords()).isEqualTo(1);
    }
  }

  @Test
  void spool_corruptRecordInTheMiddle_isSkippedAndTheRestDelivered() throws Exception {
    try (Spool spool = Spool.open(dir, 1 << 20, 1 << 22, Spool.FSYNC_NEVER)) {
      for (int i = 0; i < 5; i++) {
        spool.append(batch(i, 1000));
      }
    }
    Path seg = segments().get(0);
    int recordBytes = (int) Files.size(seg) / 5;
    try (RandomAccessFile f = new RandomAccessFile(seg.toFile(), "rw")) {
      f.seek(recordBytes + 100); // a flipped byte in record 1's payload
      int b = f.read();
      f.seek(recordBytes + 100);
      f.write(b ^ 0xFF);
      f.seek(3L * recordBytes + 4); // record 3's length field is garbage
      f.writeInt(0x7FFFFFF0);
    }
    try (Spool spool = Spool.open(dir, 1 << 20, 1 << 22, Spool.FSYNC_NEVER)) {
      assertThat(drain(spool)).containsExactly(0, 2, 4);
      assertThat(spool.corruptRecords()).isEqualTo(2);
    }
  }

  /** Each format with and without the mark: the record's version byte carries both. */
  @Test
  void spool_formatAndMark_keptAcrossARestart_inEveryCombination() throws Exception {
    List<EncodedBatch> batches = new ArrayList<>();
    for (int format : new int[] {EncodedBatch.FORMAT_BEFORE_RULE, EncodedBatch.FORMAT}) {
      for (boolean mark : new boolean[] {false, true}) {
        batches.add(new EncodedBatch(HitIds.next(batches.size()), 1, 1, 2, 5, new byte[] {7}, mark, format));
      }
    }
    try (Spool spool = Spool.open(dir, 64 * 1024, 1 << 20, Spool.FSYNC_EVERY_APPEND)) {
      for (EncodedBatch b : batches) {
        spool.append(b);
      }
    }
    try (Spool spool = Spool.open(dir, 64 * 1024, 1 << 20, Spool.FSYNC_EVERY_APPEND)) {
      for (EncodedBatch b : batches) {
        EncodedBatch read = spool.peek();
        assertThat(read.batchId()).isEqualTo(b.batchId());
        assertThat(read.format()).as(b.toString()).isEqualTo(b.format());
        assertThat(read.mayAlreadyBeIn()).as(b.toString()).isEqualTo(b.mayAlreadyBeIn());
        spool.ack();
      }
    }
  }

  /** A segment the version before the rule column wrote: its batches read in that format. */
  @Test
  void spool_segmentOfTheVersionBeforeRule_readsItsBatchesInThatFormat() throws Exception {
    dev.waymark.hit.TestHits.copySpoolOfTheVersionBeforeRule(dir);
    try (Spool spool = Spool.open(dir, 64 * 1024, 1 << 20, Spool.FSYNC_NEVER)) {
      EncodedBatch first = spool.peek();
      assertThat(first.batchId()).isEqualTo(new UUID(0x0123456789abcdefL, 1));
      assertThat(first.format()).isEqualTo(EncodedBatch.FORMAT_BEFORE_RULE);
      assertThat(first.mayAlreadyBeIn()).isFalse();
      assertThat(dev.waymark.hit.row.HitsRowBinary.read(first.body(), first.rows(), first.format()))
          .extracting(r -> r.hitId().getLeastSignificantBits() + " " + r.variant() + " '" + r.rule() + "'")
          .containsExactly("100 b ''", "101 b ''", "102 b ''");
      spool.ack();
      EncodedBatch second = spool.peek();
      assertThat(second.format()).isEqualTo(EncodedBatch.FORMAT_BEFORE_RULE);
      assertThat(second.mayAlreadyBeIn()).isTrue();
      spool.ack();
      assertThat(spool.peek()).isNull();
      assertThat(spool.corruptRecords()).isZero();
    }
  }

  @Test
  void spool_batchToCheckFirst_keepsTheMarkAcrossARestart() throws Exception {
    EncodedBatch plain = new EncodedBatch(HitIds.next(1), 3, 1, 2, 5, new byte[] {1, 2, 3});
    EncodedBatch check = new EncodedBatch(HitIds.next(2), 4, 1, 2, 6, new byte[] {4, 5}, true);
    try (Spool spool = Spool.open(dir, 64 * 1024, 1 << 20, Spool.FSYNC_EVERY_APPEND)) {
      spool.append(plain);
      spool.append(check);
    }
    try (Spool spool = Spool.open(dir, 64 * 1024, 1 << 20, Spool.FSYNC_EVERY_APPEND)) {
      EncodedBatch first = spool.peek();
      assertThat(first.batchId()).isEqualTo(plain.batchId());
      assertThat(first.mayAlreadyBeIn()).isFalse();
      spool.ack();
      EncodedBatch second = spool.peek();
      assertThat(second.batchId()).isEqualTo(check.batchId());
      assertThat(second.mayAlreadyBeIn()).isTrue();
      assertThat(second.body()).containsExactly(4, 5);
    }
  }

  @Test
  void spools_sharingABudget_refuseOnceTogetherTheyAreFull() throws Exception {
    DiskBudget budget = new DiskBudget(3 * 1024);
    byte[] kilobyte = new byte[1000];
    try (Spool a = Spool.open(dir.resolve("a"), 1024, budget, Spool.FSYNC_NEVER);
         Spool b = Spool.open(dir.resolve("b"), 1024, budget, Spool.FSYNC_NEVER)) {
      assertThat(a.append(new EncodedBatch(HitIds.next(1), 1, 1, 1, 1, kilobyte))).isTrue();
      assertThat(b.append(new EncodedBatch(HitIds.next(2), 1, 1, 1, 1, kilobyte))).isTrue();
      assertThat(a.append(new EncodedBatch(HitIds.next(3), 1, 1, 1, 1, kilobyte))).isFalse();
      assertThat(a.droppedHits()).isEqualTo(1);
      assertThat(budget.usedBytes()).isEqualTo(a.bytes() + b.bytes());
      a.peek();
      a.ack(); // delivered, but its segment is still being written: the space is not free yet
      assertThat(b.append(new EncodedBatch(HitIds.next(4), 1, 1, 1, 1, kilobyte))).isFalse();
    }
    // A budget counts what is already on disk when a spool opens.
    DiskBudget reopened = new DiskBudget(3 * 1024);
    try (Spool b = Spool.open(dir.resolve("b"), 1024, reopened, Spool.FSYNC_NEVER)) {
      assertThat(reopened.usedBytes()).isEqualTo(b.bytes()).isPositive();
    }
  }

  @Test
  void spool_pastDiskBudget_refusesAndCountsOnlyWhatDoesNotFit() throws Exception {
    try (Spool spool = Spool.open(dir, 2048, 8192, Spool.FSYNC_EVERY_APPEND)) {
      int accepted = 0;
      for (int i = 0; i < 20; i++) {
        if (spool.append(batch(i, 1000))) {
          accepted++;
        }
      }
      assertThat(accepted).isBetween(6, 8);
      assertThat(spool.droppedBatches()).isEqualTo(20 - accepted);
      assertThat(spool.bytes()).isLessThanOrEqualTo(8192);
      assertThat(drain(spool)).hasSize(accepted);
      assertThat(spool.append(batch(50, 1000))).as("room again once delivered").isTrue();
    }
  }

  @Test
  void spool_fullyDelivered_deletesOldSegmentsAndRemembersPosition() throws Exception {
    try (Spool spool = Spool.open(dir, 2048, 1 << 20, 1_000_000_000L)) {
      for (int i = 0; i < 10; i++) {
        spool.append(batch(i, 1000));
      }
      drain(spool);
      assertThat(segments()).hasSizeLessThanOrEqualTo(1);
      assertThat(spool.pendingBytes()).isZero();
    }
    assertThat(segments()).as("closed fully delivered").isEmpty();
    try (Spool spool = Spool.open(dir, 2048, 1 << 20, Spool.FSYNC_NEVER)) {
      assertThat(spool.peek()).isNull();
    }
  }

  @Test
  void oldestUnsentAge_followsThePeekedBatch() throws Exception {
    try (Spool spool = Spool.open(dir, 4096, 1 << 20, Spool.FSYNC_NEVER)) {
      assertThat(spool.oldestUnsentAgeMillis(10_000)).isZero();
      spool.append(batch(0, 10));
      spool.peek();
      assertThat(spool.oldestUnsentAgeMillis(10_000)).isEqualTo(5000);
      spool.ack();
      spool.peek();
      assertThat(spool.oldestUnsentAgeMillis(10_000)).isZero();
    }
  }
}
