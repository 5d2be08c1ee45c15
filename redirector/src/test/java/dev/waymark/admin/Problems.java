package dev.waymark.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.List;

/** Assertions every error response must pass: problem+json, consistent members, no leaked internals. */
final class Problems {

  private Problems() {}

  /** Asserts {@code response} is a well-formed problem with {@code status}; returns its body. */
  static JsonObject assertProblem(HttpResponse<Buffer> response, int status) {
    String body = response.bodyAsString();
    assertThat(response.statusCode()).as(body).isEqualTo(status);
    assertThat(response.getHeader("Content-Type")).isEqualTo("application/problem+json");
    assertThat(body).doesNotContain("Exception", "at dev.waymark", "at io.vertx", "java.", "com.fasterxml");
    JsonObject problem = new JsonObject(body);
    assertThat(problem.getInteger("status")).isEqualTo(status);
    assertThat(problem.getString("title")).isNotBlank();
    assertThat(problem.getString("type")).matches("https://waymark\\.dev/problems/[a-z-]+|about:blank");
    return problem;
  }

  /** Asserts a 400 whose detail and errors name {@code field} (among possibly others). */
  static JsonObject assertInvalid(HttpResponse<Buffer> response, String field) {
    JsonObject problem = assertProblem(response, 400);
    assertThat(problem.getString("type")).isEqualTo("https://waymark.dev/problems/validation");
    assertThat(problem.getString("detail")).contains(field);
    assertThat(fields(problem)).contains(field);
    return problem;
  }

  /** Asserts a 400 that names exactly {@code field} and nothing else; returns its body. */
  static JsonObject assertInvalidOnly(HttpResponse<Buffer> response, String field) {
    JsonObject problem = assertInvalid(response, field);
    assertThat(fields(problem)).as(problem.encode()).containsExactly(field);
    return problem;
  }

  static List<String> fields(JsonObject problem) {
    JsonArray errors = problem.getJsonArray("errors", new JsonArray());
    return errors.stream().map(e -> ((JsonObject) e).getString("field")).toList();
  }
}
