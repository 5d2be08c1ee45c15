package dev.waymark.problem;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A failure whose answer is already decided: handlers throw it (or fail a future with it) and
 * {@link ProblemHandler} sends its problem, with its extra headers, as is.
 *
 * <p>No stack trace is captured for client mistakes: they are expected, frequent and not bugs.
 * The optional cause is for the server log only.
 */
public final class ProblemException extends RuntimeException {

  private final transient Problem problem;
  private final Map<String, String> headers;

  public ProblemException(Problem problem) {
    this(problem, Map.of(), null);
  }

  public ProblemException(Problem problem, Map<String, String> headers, Throwable cause) {
    super(problem.title() + ": " + problem.detail(), cause, false, cause != null);
    this.problem = Objects.requireNonNull(problem, "problem");
    this.headers = Map.copyOf(headers);
  }

  public Problem problem() {
    return problem;
  }

  /** Response headers the problem needs, such as {@code Retry-After} or {@code Allow}. */
  public Map<String, String> headers() {
    return headers;
  }

  /** 400 for one invalid field. */
  public static ProblemException invalid(String field, String detail) {
    return new ProblemException(Problem.invalid(List.of(new Problem.FieldError(field, detail))));
  }

  /** 400 for several invalid fields at once. */
  public static ProblemException invalid(List<Problem.FieldError> errors) {
    return new ProblemException(Problem.invalid(errors));
  }

  public static ProblemException notFound(String detail) {
    return new ProblemException(Problem.of(ProblemType.NOT_FOUND, detail));
  }

  public static ProblemException conflict(String field, String detail) {
    Problem p = Problem.of(ProblemType.CONFLICT, field + ": " + detail);
    return new ProblemException(new Problem(p.type(), p.title(), p.status(), p.detail(), null,
        List.of(new Problem.FieldError(field, detail))));
  }

  /** 422 for a QR code that would not scan reliably, naming the request parameter at fault if there is one. */
  public static ProblemException unscannable(String field, String detail) {
    Problem p = Problem.of(ProblemType.UNSCANNABLE, field == null ? detail : field + ": " + detail);
    return new ProblemException(new Problem(p.type(), p.title(), p.status(), p.detail(), null,
        field == null ? List.of() : List.of(new Problem.FieldError(field, detail))));
  }

  /** 422 for conversions whose clicks were never recorded, one error per such click; {@code detail} says what was done. */
  public static ProblemException unknownClicks(List<Problem.FieldError> clicks, String detail) {
    Problem p = Problem.of(ProblemType.UNKNOWN_CLICK, detail);
    return new ProblemException(new Problem(p.type(), p.title(), p.status(), p.detail(), null, clicks));
  }

  /** 503 for a backing service that failed; the client may retry after a second. */
  public static ProblemException unavailable(String detail, Throwable cause) {
    return new ProblemException(Problem.of(ProblemType.UNAVAILABLE, detail), Map.of("Retry-After", "1"), cause);
  }

  /** 504 for a backing service that did not answer in time; retrying at once would add to its load. */
  public static ProblemException timeout(String detail) {
    return new ProblemException(Problem.of(ProblemType.TIMEOUT, detail));
  }

  /** 403 for a key without the scope an endpoint needs; the detail names the scope. */
  public static ProblemException forbidden(String detail) {
    return new ProblemException(Problem.of(ProblemType.FORBIDDEN, detail));
  }

  /** 412 for an {@code If-Match} that does not match the current version. */
  public static ProblemException preconditionFailed(String detail) {
    return new ProblemException(Problem.of(ProblemType.PRECONDITION_FAILED, detail));
  }

  /** 409 when concurrent writes to one object kept winning; nothing was changed. */
  public static ProblemException contended(String detail) {
    return new ProblemException(Problem.of(ProblemType.CONTENDED, detail), Map.of("Retry-After", "1"), null);
  }

  /** 429 with the seconds after which the client may try again. */
  public static ProblemException tooManyRequests(String detail, long retryAfterSeconds) {
    return new ProblemException(Problem.of(ProblemType.TOO_MANY_REQUESTS, detail),
        Map.of("Retry-After", Long.toString(Math.max(1, retryAfterSeconds))), null);
  }
}
