package dev.waymark.hit;

import java.util.Objects;
import java.util.UUID;

/**
 * A batch of enriched hits as it is stored and sent: its {@code batchId} is written into every
 * row and never changes across retries or restarts, which is what makes delivery exactly-once.
 *
 * @param rows number of rows encoded in {@code body}
 * @param minTs smallest {@code ts} in the batch (epoch seconds), to prune the duplicate check
 * @param maxTs largest {@code ts} in the batch (epoch seconds)
 * @param createdAtMillis when the batch was made, for the oldest-unsent-age metric
 * @param body gzipped RowBinary of the rows; never holds a raw IP
 * @param mayAlreadyBeIn an attempt may have stored it already: an insert of it ended with an unknown
 *     outcome (a time-out), or it was made again from spilled hits that an earlier run may have
 *     delivered (it crashed between delivering and forgetting them). The store checks its batch id
 *     before inserting, on every attempt
 * @param format the layout of {@code body}: {@link #FORMAT_BEFORE_RULE} for what an earlier version
 *     spooled (rows without {@code rule}), {@link #FORMAT} for what this one makes
 */
public record EncodedBatch(UUID batchId, int rows, long minTs, long maxTs, long createdAtMillis,
    byte[] body, boolean mayAlreadyBeIn, int format) {

  /** Rows (or spilled hits) without the {@code rule} column: spooled by versions before it. */
  public static final int FORMAT_BEFORE_RULE = 1;
  /** Rows (or spilled hits) with every current column, {@code rule} last. */
  public static final int FORMAT = 2;

  /** A batch made for the first time. */
  public EncodedBatch(UUID batchId, int rows, long minTs, long maxTs, long createdAtMillis, byte[] body) {
    this(batchId, rows, minTs, maxTs, createdAtMillis, body, false);
  }

  /** A batch in the current {@link #FORMAT}. */
  public EncodedBatch(UUID batchId, int rows, long minTs, long maxTs, long createdAtMillis, byte[] body,
      boolean mayAlreadyBeIn) {
    this(batchId, rows, minTs, maxTs, createdAtMillis, body, mayAlreadyBeIn, FORMAT);
  }

  public EncodedBatch {
    Objects.requireNonNull(batchId, "batchId");
    Objects.requireNonNull(body, "body");
    if (rows < 0 || minTs > maxTs) {
      throw new IllegalArgumentException("rows >= 0 and minTs <= maxTs");
    }
    if (format != FORMAT_BEFORE_RULE && format != FORMAT) {
      throw new IllegalArgumentException("unknown batch format " + format);
    }
  }

  /**
   * A closed batch of {@code rows} whose times span {@code minTs..maxTs}; an empty one has no
   * times, and gets 0..0 instead of the open batch's empty range.
   */
  public static EncodedBatch of(UUID batchId, int rows, long minTs, long maxTs, long createdAtMillis,
      byte[] body, boolean mayAlreadyBeIn) {
    return rows == 0
        ? new EncodedBatch(batchId, 0, 0, 0, createdAtMillis, body, mayAlreadyBeIn)
        : new EncodedBatch(batchId, rows, minTs, maxTs, createdAtMillis, body, mayAlreadyBeIn);
  }

  /** This batch, marked as possibly stored already (see {@link #mayAlreadyBeIn}). */
  public EncodedBatch doubtful() {
    return mayAlreadyBeIn ? this : new EncodedBatch(batchId, rows, minTs, maxTs, createdAtMillis, body, true, format);
  }

  @Override
  public String toString() {
    return "EncodedBatch[batchId=" + batchId + ", rows=" + rows + ", bytes=" + body.length + "]";
  }
}
