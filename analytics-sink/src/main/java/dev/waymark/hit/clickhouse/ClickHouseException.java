package dev.waymark.hit.clickhouse;

import dev.waymark.hit.HitStore;
import java.io.IOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A failed exchange with ClickHouse, saying whether the server may still have applied it:
 * {@code outcomeUnknown} is true when the connection broke or timed out after the request left,
 * which is exactly when a retried insert could double rows.
 */
public final class ClickHouseException extends IOException implements HitStore.Failure {

  /** ClickHouse's answer when a query with the same {@code query_id} is still running. */
  public static final int QUERY_WITH_SAME_ID_IS_ALREADY_RUNNING = 216;

  private static final Pattern CODE = Pattern.compile("^Code: (\\d+)");

  private final int httpStatus;
  private final boolean outcomeUnknown;

  public ClickHouseException(String message, int httpStatus, boolean outcomeUnknown, Throwable cause) {
    super(message, cause);
    this.httpStatus = httpStatus;
    this.outcomeUnknown = outcomeUnknown;
  }

  /**
   * The server's error code ({@code Code: 216, ...} in the answer body, on 18.16 and current
   * servers alike), or 0 when there was no answer or it carried no code.
   */
  public int serverCode() {
    String message = getMessage();
    int at = message == null ? -1 : message.indexOf(": Code: ");
    if (at < 0) {
      return 0;
    }
    Matcher m = CODE.matcher(message.substring(at + 2));
    return m.find() ? Integer.parseInt(m.group(1)) : 0;
  }

  /** The HTTP status ClickHouse answered, or 0 when no answer arrived. */
  public int httpStatus() {
    return httpStatus;
  }

  @Override
  public boolean outcomeUnknown() {
    return outcomeUnknown;
  }
}
