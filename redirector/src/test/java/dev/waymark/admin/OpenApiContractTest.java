package dev.waymark.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.waymark.brand.BrandFixtures;
import dev.waymark.problem.ProblemHandler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.yaml.snakeyaml.Yaml;

/**
 * Holds openapi.yaml and the router to each other: the same operations on both sides, and every
 * response a real request gets (happy path, no key, invalid body, no content type, unknown code or
 * brand, stores down) has a documented status and carries every required member of its documented schema.
 */
class OpenApiContractTest {

  private static final Set<String> METHODS = Set.of("get", "put", "post", "patch", "delete", "head", "options");

  static AdminServer server;
  static Map<String, Object> spec;

  @BeforeAll
  static void start() throws Exception {
    server = new AdminServer();
    try (InputStream in = OpenApiContractTest.class.getResourceAsStream("/openapi.yaml")) {
      spec = new Yaml().load(in);
    }
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  /** One documented operation: method, OpenAPI path, its definition. */
  record Operation(String method, String path, Map<String, Object> definition) {
    String key() {
      return method.toUpperCase() + " " + path;
    }
  }

  @Test
  void everyRouteIsDocumented_andEveryDocumentedOperationIsRouted() {
    Set<String> routed = new TreeSet<>();
    for (Route route : server.router.getRoutes()) {
      String name = route.getName();
      if (ProblemHandler.ROUTE_NAME.equals(name) || (name != null && name.startsWith(AdminRouter.MIDDLEWARE))) {
        continue;
      }
      String template = route.getMetadata(AdminRouter.TEMPLATE);
      assertThat(template).as("route %s %s must be registered as an endpoint", route.methods(), route.getPath())
          .isNotNull();
      assertThat(route.methods()).as(template).isNotEmpty();
      String openApiPath = template.replaceAll(":([A-Za-z0-9_]+)", "{$1}");
      route.methods().forEach(m -> routed.add(m.name() + " " + openApiPath));
    }
    Set<String> documented = new TreeSet<>();
    operations().forEach(op -> documented.add(op.key()));
    assertThat(routed).isEqualTo(documented);
  }

  @Test
  @Timeout(60) // every documented operation several times over: a hang guard, not a speed limit
  void everyOperation_answersOnlyWithDocumentedStatusesAndRequiredMembers() {
    for (Operation op : operations()) {
      boolean secured = !List.of().equals(op.definition().get("security"));
      boolean hasBody = op.definition().containsKey("requestBody");

      check(op, send(op, freshCode(), example(op), true, true));
      if (secured) {
        assertThat(check(op, send(op, freshCode(), example(op), false, true)).statusCode()).as(op.key()).isEqualTo(401);
      }
      if (hasBody) {
        Buffer bogus = Buffer.buffer("{\"bogus\":1}");
        assertThat(check(op, send(op, freshCode(), bogus, true, true)).statusCode()).as(op.key()).isEqualTo(400);
        assertThat(check(op, send(op, freshCode(), example(op), true, false)).statusCode()).as(op.key()).isEqualTo(415);
      }
      if (op.path().contains("{code}") || op.path().contains("{id}")
          || (op.path().contains("{name}") && !op.key().equals("PUT /api/v1/brands/{name}")
              && !op.key().equals("PUT /api/v1/campaigns/{name}"))) {
        assertThat(check(op, send(op, "no-such-code", example(op), true, true)).statusCode()).as(op.key()).isEqualTo(404);
      }
      server.store.down(true);
      server.brands.down(true);
      server.campaigns.down(true);
      server.keys.down(true);
      server.stats.down = true;
      server.conversions.down = true;
      try {
        check(op, send(op, "any-code", example(op), true, true));
      } finally {
        server.store.down(false);
        server.brands.down(false);
        server.campaigns.down(false);
        server.keys.down(false);
        server.stats.down = false;
        server.conversions.down = false;
      }
    }
  }

  @SuppressWarnings("unchecked")
  private static List<Operation> operations() {
    List<Operation> ops = new ArrayList<>();
    Map<String, Object> paths = (Map<String, Object>) spec.get("paths");
    paths.forEach((path, item) -> ((Map<String, Object>) item).forEach((method, definition) -> {
      if (METHODS.contains(method)) {
        ops.add(new Operation(method, path, (Map<String, Object>) definition));
      }
    }));
    return ops;
  }

  /** A fresh link, and a fresh brand (with a logo) of the same name, so any path template can be filled. */
  private static String freshCode() {
    String code = server.createOk(new JsonObject().put("url", "https://contract.example")).bodyAsJsonObject()
        .getString("code");
    String brand = "b" + code.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]", "") + brands++;
    assertThat(server.sendJson(HttpMethod.PUT, "/api/v1/brands/" + brand, "{}").statusCode()).isEqualTo(201);
    assertThat(server.request(HttpMethod.PUT, "/api/v1/brands/" + brand + "/logo").putHeader("Content-Type", "image/png")
        .sendBuffer(Buffer.buffer(BrandFixtures.pngLogo())).await().statusCode()).isEqualTo(200);
    assertThat(server.sendJson(HttpMethod.PUT, "/api/v1/campaigns/" + brand, "{\"conversions\":true}").statusCode())
        .isEqualTo(201);
    freshBrands.put(code, brand);
    freshKeys.put(code, server.sendJson(HttpMethod.POST, "/api/v1/keys", "{\"name\":\"contract\",\"scopes\":[\"links:read\"]}")
        .bodyAsJsonObject().getString("id"));
    return code;
  }

  private static int brands;
  private static final Map<String, String> freshBrands = new java.util.HashMap<>();
  private static final Map<String, String> freshKeys = new java.util.HashMap<>();

  @SuppressWarnings("unchecked")
  private static Buffer example(Operation op) {
    Map<String, Object> body = (Map<String, Object>) op.definition().get("requestBody");
    if (body == null) {
      return null;
    }
    Map<String, Object> content = (Map<String, Object>) body.get("content");
    if (content.keySet().iterator().next().startsWith("image/")) {
      return Buffer.buffer(BrandFixtures.pngLogo());
    }
    Object example = ((Map<String, Object>) content.values().iterator().next()).get("example");
    if (example != null && ((Map<String, Object>) example).containsKey("name")) {
      // A create names its brand in the body: a new name each time, so the happy path is a 201.
      ((Map<String, Object>) example).put("name", "created" + brands++);
    }
    return Buffer.buffer(example == null ? "{}" : new JsonObject((Map<String, Object>) example).encode());
  }

  @SuppressWarnings("unchecked")
  private static HttpResponse<Buffer> send(Operation op, String code, Buffer body, boolean withKey, boolean withType) {
    String uri = op.path().replace("{code}", code).replace("{name}", freshBrands.getOrDefault(code, code))
        .replace("{id}", freshKeys.getOrDefault(code, code)) + requiredQuery(op);
    HttpMethod method = HttpMethod.valueOf(op.method().toUpperCase());
    HttpRequest<Buffer> request = withKey ? server.request(method, uri) : server.anonymous(method, uri);
    if (body == null) {
      return request.send().await();
    }
    if (withType) {
      Map<String, Object> content = (Map<String, Object>) ((Map<String, Object>) op.definition().get("requestBody")).get("content");
      request.putHeader("Content-Type", content.keySet().iterator().next());
    }
    return request.sendBuffer(body).await();
  }

  /** The operation's required query parameters with their examples ({@code ?by=campaign}), or nothing. */
  @SuppressWarnings("unchecked")
  private static String requiredQuery(Operation op) {
    StringBuilder query = new StringBuilder();
    for (Map<String, Object> param : (List<Map<String, Object>>) op.definition().getOrDefault("parameters", List.of())) {
      param = resolve(param);
      if ("query".equals(param.get("in")) && Boolean.TRUE.equals(param.get("required"))) {
        query.append(query.isEmpty() ? '?' : '&').append(param.get("name")).append('=').append(param.get("example"));
      }
    }
    return query.toString();
  }

  /** Asserts the response is documented for {@code op}; returns it. */
  @SuppressWarnings("unchecked")
  private static HttpResponse<Buffer> check(Operation op, HttpResponse<Buffer> r) {
    String what = op.key() + " -> " + r.statusCode() + " " + r.bodyAsString();
    Map<String, Object> responses = (Map<String, Object>) op.definition().get("responses");
    Map<String, Object> response = (Map<String, Object>) responses.get(String.valueOf(r.statusCode()));
    assertThat(response).as("undocumented status: " + what).isNotNull();
    response = resolve(response);
    Buffer body = r.body();
    if (body == null || body.length() == 0) {
      return r;
    }
    Map<String, Object> content = (Map<String, Object>) response.get("content");
    assertThat(content).as("undocumented body: " + what).isNotNull();
    String mediaType = r.getHeader("Content-Type").split(";")[0].strip();
    Map<String, Object> media = (Map<String, Object>) content.get(mediaType);
    assertThat(media).as("undocumented media type " + mediaType + ": " + what).isNotNull();
    if (mediaType.endsWith("json")) {
      assertRequired(resolve((Map<String, Object>) media.get("schema")), body.toJson(), what);
    }
    return r;
  }

  @SuppressWarnings("unchecked")
  private static void assertRequired(Map<String, Object> schema, Object json, String what) {
    if (json instanceof JsonObject object) {
      for (String required : (List<String>) schema.getOrDefault("required", List.of())) {
        assertThat(object.containsKey(required)).as("missing required '" + required + "': " + what).isTrue();
      }
      Map<String, Object> properties = (Map<String, Object>) schema.getOrDefault("properties", Map.of());
      properties.forEach((name, property) -> {
        if (object.getValue(name) != null) {
          assertRequired(resolve((Map<String, Object>) property), object.getValue(name), what);
        }
      });
    } else if (json instanceof JsonArray array && schema.get("items") != null) {
      Map<String, Object> items = resolve((Map<String, Object>) schema.get("items"));
      array.forEach(item -> assertRequired(items, item, what));
    }
  }

  /** Follows a local {@code $ref} such as {@code #/components/schemas/Link}. */
  @SuppressWarnings("unchecked")
  private static Map<String, Object> resolve(Map<String, Object> node) {
    Object ref = node.get("$ref");
    if (ref == null) {
      return node;
    }
    Object target = spec;
    for (String part : ((String) ref).substring(2).split("/")) {
      target = ((Map<String, Object>) target).get(part);
    }
    assertThat(target).as("dangling " + ref).isNotNull();
    return resolve((Map<String, Object>) target);
  }
}
