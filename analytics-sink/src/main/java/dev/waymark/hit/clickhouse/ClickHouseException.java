package dev.waymark.hit.clickhouse;

import java.io.IOException;

/**
 * A failed exchange with ClickHouse, saying whether the server may still have applied it:
 * {@code outcomeUnknown} is true when the connection broke or timed out after the request left,
 * which is exactly when a retried insert could double rows.
 */
public final class ClickHouseException extends IOException {

  private final int httpStatus;
  private final boolean outcomeUnknown;

  public ClickHouseException(String message, int httpStatus, boolean outcomeUnknown, Throwable cause) {
    super(message, cause);
    this.httpStatus = httpStatus;
    this.outcomeUnknown = outcomeUnknown;
  }

  /** The HTTP status ClickHouse answered, or 0 when no answer arrived. */
  public int httpStatus() {
    return httpStatus;
  }

  public boolean outcomeUnknown() {
    return outcomeUnknown;
  }
}
