package dev.waymark.problem;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * An RFC 9457 problem detail: what went wrong, for humans ({@code title}, {@code detail}) and for
 * programs ({@code type}, {@code status}, and per-field {@code errors} for invalid input).
 *
 * <p>{@code detail} and {@code errors} must only ever hold text written for the client; nothing
 * here is derived from exception messages of libraries.
 */
public record Problem(
    String type, String title, int status, String detail, String instance, List<FieldError> errors) {

  /** The media type of every error body. */
  public static final String MEDIA_TYPE = "application/problem+json";

  /** One invalid input: the field (a JSON member, {@code utm.medium}, {@code tags[3]}, or a query parameter) and why. */
  public record FieldError(String field, String detail) {
    public FieldError {
      Objects.requireNonNull(field, "field");
      Objects.requireNonNull(detail, "detail");
    }

    @Override
    public String toString() {
      return field + ": " + detail;
    }
  }

  public Problem {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(title, "title");
    if (status < 400 || status > 599) {
      throw new IllegalArgumentException("a problem has a 4xx or 5xx status, was " + status);
    }
    errors = errors == null ? List.of() : List.copyOf(errors);
  }

  /** A problem of one of our own types. */
  public static Problem of(ProblemType type, String detail) {
    return new Problem(type.uri(), type.title(), type.status(), detail, null, List.of());
  }

  /** A 400 listing every invalid field; {@code detail} names them all so a human needs only that line. */
  public static Problem invalid(List<FieldError> errors) {
    if (errors.isEmpty()) {
      throw new IllegalArgumentException("an invalid request names at least one field");
    }
    String detail = errors.stream().map(FieldError::toString).collect(Collectors.joining("; "));
    return new Problem(ProblemType.VALIDATION.uri(), ProblemType.VALIDATION.title(), 400, detail, null, errors);
  }

  /** The same problem, about {@code instance} (the request path). */
  public Problem at(String instance) {
    return new Problem(type, title, status, detail, instance, errors);
  }

  /** The wire form; absent members are left out rather than sent as {@code null}. */
  public JsonObject toJson() {
    JsonObject json = new JsonObject()
        .put("type", type)
        .put("title", title)
        .put("status", status);
    if (detail != null) {
      json.put("detail", detail);
    }
    if (instance != null) {
      json.put("instance", instance);
    }
    if (!errors.isEmpty()) {
      JsonArray list = new JsonArray();
      errors.forEach(e -> list.add(new JsonObject().put("field", e.field()).put("detail", e.detail())));
      json.put("errors", list);
    }
    return json;
  }
}
