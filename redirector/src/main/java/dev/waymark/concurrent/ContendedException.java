package dev.waymark.concurrent;

/**
 * Thrown (as a failed future) when other writes to the same object won every one of an update's
 * bounded attempts; nothing was written, and the caller may try again later. Contention, not an
 * outage: the store answered every call.
 */
public final class ContendedException extends RuntimeException {

  private final int attempts;

  public ContendedException(int attempts) {
    super("other writes to the same object won " + attempts + " attempts in a row; nothing was written",
        null, false, false);
    this.attempts = attempts;
  }

  /** How many compare-and-set attempts were lost. */
  public int attempts() {
    return attempts;
  }
}
