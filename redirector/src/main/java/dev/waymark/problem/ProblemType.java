package dev.waymark.problem;

/**
 * The fixed set of problem types Waymark answers with; each {@code type} URI is stable, so clients
 * may switch on it, and every type always comes with the same status and title.
 */
public enum ProblemType {
  VALIDATION("validation", 400, "Invalid request"),
  UNAUTHORIZED("unauthorized", 401, "Unauthorized"),
  /** The key is valid but lacks the scope the endpoint needs. */
  FORBIDDEN("forbidden", 403, "Forbidden"),
  NOT_FOUND("not-found", 404, "Not found"),
  METHOD_NOT_ALLOWED("method-not-allowed", 405, "Method not allowed"),
  CONFLICT("conflict", 409, "Conflict"),
  /** Other writes to the same object kept winning; nothing was changed, the client may retry. */
  CONTENDED("contended", 409, "Concurrent changes"),
  /** An {@code If-Match} that no longer matches: someone changed the object since it was read. */
  PRECONDITION_FAILED("precondition-failed", 412, "Precondition failed"),
  /** Each QR parameter is valid, but the code they describe would not scan reliably. */
  UNSCANNABLE("unscannable", 422, "Code would not scan reliably"),
  /** A conversion names a click (hit id) that was never recorded and can no longer arrive. */
  UNKNOWN_CLICK("unknown-click", 422, "Unknown click"),
  PAYLOAD_TOO_LARGE("payload-too-large", 413, "Payload too large"),
  UNSUPPORTED_MEDIA_TYPE("unsupported-media-type", 415, "Unsupported media type"),
  TOO_MANY_REQUESTS("too-many-requests", 429, "Too many requests"),
  UNAVAILABLE("unavailable", 503, "Service unavailable"),
  /** A backing service (the analytics store) did not answer in time; the work may still be running there. */
  TIMEOUT("timeout", 504, "Gateway Timeout"),
  INTERNAL("internal", 500, "Internal server error");

  /** Every type URI starts with this; the last segment is {@link #slug()}. */
  public static final String BASE = "https://waymark.dev/problems/";

  private final String slug;
  private final int status;
  private final String title;

  ProblemType(String slug, int status, String title) {
    this.slug = slug;
    this.status = status;
    this.title = title;
  }

  public String uri() {
    return BASE + slug;
  }

  public String slug() {
    return slug;
  }

  public int status() {
    return status;
  }

  public String title() {
    return title;
  }
}
