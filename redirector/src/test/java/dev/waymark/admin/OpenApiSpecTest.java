package dev.waymark.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.ValidationReport;
import io.swagger.parser.OpenAPIParser;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.Json;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The served {@code GET /api/v1/openapi.yaml} read as client generators read it (swagger-parser:
 * no errors or warnings, and the schemas say what they were written to say), and the running
 * admin API driven from it: every operation sent with the request the spec gives as its example,
 * and each real request and response checked against the spec by an independent validator
 * (status, headers, media type, body schema).
 */
class OpenApiSpecTest {

  static AdminServer server;
  static String served;
  static SwaggerParseResult parsed;

  @BeforeAll
  static void start() {
    server = new AdminServer();
    HttpResponse<Buffer> r = server.send(HttpMethod.GET, "/api/v1/openapi.yaml");
    assertThat(r.statusCode()).isEqualTo(200);
    served = r.bodyAsString();
    ParseOptions options = new ParseOptions();
    options.setResolve(true);
    parsed = new OpenAPIParser().readContents(served, null, options);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void servedSpec_parsesWithoutErrorsOrWarnings() {
    assertThat(parsed.getOpenAPI()).isNotNull();
    assertThat(parsed.getMessages()).isEmpty();
  }

  @Test
  void servedSpec_schemasHoldOnlyTheMembersWrittenForThem() {
    // Prose with ": " in a flow mapping became a member of the schema; these must stay descriptions.
    @SuppressWarnings("rawtypes")
    Map<String, Schema> schemas = parsed.getOpenAPI().getComponents().getSchemas();
    Schema<?> bg = (Schema<?>) schemas.get("BrandSettings").getProperties().get("bg");
    assertThat(bg.getDescription()).isEqualTo("The foreground must be darker, with a contrast of at least 4.5:1.");
    Schema<?> result = (Schema<?>) schemas.get("LinkImportOutcome").getProperties().get("results");
    Schema<?> index = (Schema<?>) result.getItems().getProperties().get("index");
    assertThat(index.getDescription()).isEqualTo("The item's position in `links`, from 0.");
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS) // some twenty requests, four of them render QR codes
  void everyOperation_sentWithItsSpecExample_requestAndResponseMatchTheSpec() {
    OpenApiInteractionValidator validator = OpenApiInteractionValidator.createForInlineApiSpecification(served).build();
    String link = server.createOk(new io.vertx.core.json.JsonObject().put("url", "https://spec.example/a"))
        .bodyAsJsonObject().getString("code");
    HttpResponse<Buffer> tp = server.sendJson(HttpMethod.POST, "/api/v1/links/" + link + "/touchpoints",
        "{\"name\":\"spec poster\",\"channel\":\"poster\"}");
    assertThat(tp.statusCode()).as(tp.bodyAsString()).isEqualTo(201);
    String touchpoint = tp.bodyAsJsonObject().getString("code");
    assertThat(server.sendJson(HttpMethod.PUT, "/api/v1/brands/spec-brand", "{}").statusCode()).isEqualTo(201);
    assertThat(server.request(HttpMethod.PUT, "/api/v1/brands/spec-brand/logo").putHeader("Content-Type", "image/png")
        .sendBuffer(Buffer.buffer(dev.waymark.brand.BrandFixtures.pngLogo())).await().statusCode()).isEqualTo(200);
    assertThat(server.sendJson(HttpMethod.PUT, "/api/v1/campaigns/spec-brand", "{}").statusCode()).isEqualTo(201);
    HttpResponse<Buffer> key = server.sendJson(HttpMethod.POST, "/api/v1/keys",
        "{\"name\":\"spec key\",\"scopes\":[\"links:read\"]}");
    assertThat(key.statusCode()).as(key.bodyAsString()).isEqualTo(201);
    String keyId = key.bodyAsJsonObject().getString("id");

    List<String> checked = new ArrayList<>();
    for (Map.Entry<String, Map.Entry<PathItem.HttpMethod, Operation>> op : operations()) {
      String template = op.getKey();
      PathItem.HttpMethod method = op.getValue().getKey();
      String path = template.replace("{name}", "spec-brand").replace("{id}", keyId)
          .replace("{code}", template.startsWith("/api/v1/touchpoints/") ? touchpoint : link);
      // A required query parameter (such as the breakdown's `by`) is sent with its example.
      StringBuilder query = new StringBuilder();
      SimpleRequest.Builder expected = new SimpleRequest.Builder(method.name(), path)
          .withAuthorization("Bearer " + AdminServer.KEY);
      for (var param : java.util.Objects.requireNonNullElse(op.getValue().getValue().getParameters(),
          List.<io.swagger.v3.oas.models.parameters.Parameter>of())) {
        if ("query".equals(param.getIn()) && Boolean.TRUE.equals(param.getRequired())) {
          query.append(query.isEmpty() ? '?' : '&').append(param.getName()).append('=').append(param.getExample());
          expected.withQueryParam(param.getName(), String.valueOf(param.getExample()));
        }
      }
      HttpRequest<Buffer> request = server.request(HttpMethod.valueOf(method.name()), path + query);
      HttpResponse<Buffer> response;
      var body = op.getValue().getValue().getRequestBody();
      if (body == null) {
        response = request.send().await();
      } else {
        Map.Entry<String, MediaType> media = body.getContent().entrySet().iterator().next();
        Buffer payload = media.getKey().startsWith("image/")
            ? Buffer.buffer(dev.waymark.brand.BrandFixtures.pngLogo())
            : Buffer.buffer(Json.encode(media.getValue().getExample()));
        request.putHeader("Content-Type", media.getKey());
        expected.withContentType(media.getKey());
        expected.withBody(payload.getBytes());
        response = request.sendBuffer(payload).await();
      }
      String what = method + " " + path + " -> " + response.statusCode() + " "
          + (isText(response) ? response.bodyAsString() : "(binary)");
      assertThat(response.statusCode()).as(what).isBetween(200, 299);
      SimpleResponse.Builder actual = SimpleResponse.Builder.status(response.statusCode());
      response.headers().names().forEach(name -> actual.withHeader(name, response.headers().getAll(name)));
      if (response.body() != null) {
        actual.withBody(response.body().getBytes());
      }
      ValidationReport report = validator.validate(expected.build(), actual.build());
      assertThat(report.getMessages()).as(what).isEmpty();
      checked.add(method + " " + template);
    }
    assertThat(checked).hasSize(parsed.getOpenAPI().getPaths().values().stream()
        .mapToInt(item -> item.readOperationsMap().size()).sum());
  }

  private static boolean isText(HttpResponse<Buffer> response) {
    String type = response.getHeader("Content-Type");
    return type != null && !type.startsWith("image/png");
  }

  /**
   * Every operation of the spec, in its order, deletions last and the most nested first, so each
   * finds what it works on.
   */
  private static List<Map.Entry<String, Map.Entry<PathItem.HttpMethod, Operation>>> operations() {
    List<Map.Entry<String, Map.Entry<PathItem.HttpMethod, Operation>>> ops = new ArrayList<>();
    parsed.getOpenAPI().getPaths().forEach((path, item) ->
        item.readOperationsMap().forEach((method, op) -> ops.add(Map.entry(path, Map.entry(method, op)))));
    ops.sort(Comparator.comparing((Map.Entry<String, Map.Entry<PathItem.HttpMethod, Operation>> e) ->
            e.getValue().getKey() == PathItem.HttpMethod.DELETE)
        .thenComparing(e -> e.getValue().getKey() == PathItem.HttpMethod.DELETE ? -e.getKey().length() : 0));
    return ops;
  }
}
