package dev.waymark.admin;

import static dev.waymark.admin.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class AdminRoutingTest {

  static AdminServer server;

  @BeforeAll
  static void start() {
    server = new AdminServer();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void health_withoutKey_isServed() {
    assertThat(server.anonymous(HttpMethod.GET, "/health/live").send().await().statusCode()).isEqualTo(200);
    assertThat(server.anonymous(HttpMethod.GET, "/health/ready").send().await().statusCode()).isEqualTo(200);
  }

  @Test
  void metrics_withoutKey_returns401() {
    HttpResponse<Buffer> r = server.anonymous(HttpMethod.GET, "/metrics").send().await();
    assertProblem(r, 401);
    assertThat(r.getHeader("WWW-Authenticate")).isEqualTo("Bearer realm=\"waymark\"");
  }

  @Test
  void metrics_withKey_isServed() {
    HttpResponse<Buffer> r = server.send(HttpMethod.GET, "/metrics");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.bodyAsString()).contains("waymark_up");
  }

  @Test
  void api_withoutKey_returns401() {
    assertProblem(server.anonymous(HttpMethod.GET, "/api/v1/links").send().await(), 401);
    assertProblem(server.anonymous(HttpMethod.POST, "/api/v1/links").putHeader("Content-Type", "application/json")
        .sendBuffer(Buffer.buffer("{\"url\":\"https://a.example\"}")).await(), 401);
    assertThat(server.store.size()).isZero();
  }

  @Test
  void openApi_withoutKey_returns401() {
    assertProblem(server.anonymous(HttpMethod.GET, "/api/v1/openapi.yaml").send().await(), 401);
  }

  @Test
  void openApi_withKey_isServedAsYaml() {
    HttpResponse<Buffer> r = server.send(HttpMethod.GET, "/api/v1/openapi.yaml");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.getHeader("Content-Type")).isEqualTo("application/yaml");
    assertThat(r.bodyAsString()).startsWith("openapi: 3.0");
  }

  @Test
  void unauthorized_missingMalformedUnknownAndWrongKeys_getIdenticalAnswers() {
    List<String> headers = List.of("Bearer wrong", "Bearer " + AdminServer.KEY + "x", "Basic d2FsZG86c2VjcmV0",
        "Bearer", "Bearer ", "bearer  ", AdminServer.KEY, "Bearer wmk_" + "A".repeat(43), "Token " + AdminServer.KEY);
    HttpResponse<Buffer> missing = server.anonymous(HttpMethod.GET, "/api/v1/links").send().await();
    assertProblem(missing, 401);
    for (String header : headers) {
      HttpResponse<Buffer> r = server.anonymous(HttpMethod.GET, "/api/v1/links")
          .putHeader("Authorization", header).send().await();
      assertThat(r.statusCode()).as(header).isEqualTo(401);
      assertThat(r.body().getBytes()).as(header).isEqualTo(missing.body().getBytes());
      assertThat(r.getHeader("WWW-Authenticate")).as(header).isEqualTo(missing.getHeader("WWW-Authenticate"));
      assertThat(r.getHeader("Content-Type")).as(header).isEqualTo("application/problem+json");
    }
  }

  @Test
  void auth_schemeIsCaseInsensitive() {
    HttpResponse<Buffer> r = server.anonymous(HttpMethod.GET, "/api/v1/links")
        .putHeader("Authorization", "bEaReR " + AdminServer.KEY).send().await();
    assertThat(r.statusCode()).isEqualTo(200);
  }

  @Test
  void unknownPath_returns404Problem() {
    JsonObject p = assertProblem(server.anonymous(HttpMethod.GET, "/nope").send().await(), 404);
    assertThat(p.getString("type")).isEqualTo("https://waymark.dev/problems/not-found");
    assertThat(p.getString("instance")).isEqualTo("/nope");
  }

  @Test
  void unknownApiPath_withKey_returns404Problem() {
    assertProblem(server.send(HttpMethod.GET, "/api/v1/nope"), 404);
  }

  @Test
  void unknownApiPath_withoutKey_returns401NotRevealingWhatExists() {
    assertProblem(server.anonymous(HttpMethod.GET, "/api/v1/nope").send().await(), 401);
  }

  @Test
  void wrongMethod_onCollection_returns405WithAllow() {
    HttpResponse<Buffer> r = server.send(HttpMethod.DELETE, "/api/v1/links");
    JsonObject p = assertProblem(r, 405);
    assertThat(r.getHeader("Allow")).isEqualTo("GET, POST");
    assertThat(p.getString("detail")).contains("DELETE", "GET, POST");
  }

  @Test
  void wrongMethod_onLink_returns405WithAllow() {
    HttpResponse<Buffer> r = server.send(HttpMethod.PUT, "/api/v1/links/abc");
    assertProblem(r, 405);
    assertThat(r.getHeader("Allow")).isEqualTo("DELETE, GET, PATCH");
  }

  @Test
  void wrongMethod_onHealth_returns405WithAllow() {
    HttpResponse<Buffer> r = server.anonymous(HttpMethod.POST, "/health/live").send().await();
    assertProblem(r, 405);
    assertThat(r.getHeader("Allow")).isEqualTo("GET");
  }

  @Test
  void wrongMethod_onOpenApi_returns405WithAllow() {
    HttpResponse<Buffer> r = server.send(HttpMethod.DELETE, "/api/v1/openapi.yaml");
    assertProblem(r, 405);
    assertThat(r.getHeader("Allow")).isEqualTo("GET");
  }

  @Test
  void malformedPercentEncodingInPath_returns4xxProblem() {
    HttpResponse<Buffer> r = server.send(HttpMethod.GET, "/api/v1/links/%E0%A4%A");
    assertThat(r.statusCode()).isBetween(400, 499);
    assertProblem(r, r.statusCode());
  }
}
