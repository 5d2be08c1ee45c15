package dev.waymark.admin;

import static dev.waymark.admin.Problems.assertInvalid;
import static org.assertj.core.api.Assertions.assertThat;

import dev.waymark.admin.link.ShortUrlHosts;
import dev.waymark.destination.DestinationHosts;
import dev.waymark.destination.HostPattern;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.net.IDN;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The operator's destination host rules, through every admin path that sets a destination. */
class DestinationRulesApiTest {

  private static final String LOOK_ALIKE = IDN.toASCII("exаmple.com"); // Cyrillic a
  private static AdminServer server;

  @BeforeAll
  static void start() {
    DestinationHosts rules = DestinationHosts.of(List.of(), HostPattern.parseList("evil.example,*.evil.example"),
        DestinationHosts.parseProtected("example.com"), true);
    server = new AdminServer(ShortUrlHosts.of(AdminServer.PUBLIC_BASE, List.of()).withDestinationHosts(rules));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static String detail(JsonObject problem, String field) {
    return problem.getJsonArray("errors").stream().map(e -> (JsonObject) e)
        .filter(e -> e.getString("field").equals(field)).findFirst().orElseThrow().getString("detail");
  }

  @Test
  void create_deniedHost_400NamingUrlAndThePattern() {
    JsonObject problem = assertInvalid(server.create(new JsonObject().put("url", "https://WWW.Evil.Example.:8443/x")), "url");
    assertThat(detail(problem, "url")).isEqualTo("host 'www.evil.example' is on the destination deny list (*.evil.example)");
  }

  @Test
  void create_lookAlikeOfProtectedHost_400NamingTheHostItResembles() {
    JsonObject problem = assertInvalid(server.create(new JsonObject().put("url", "https://" + LOOK_ALIKE + "/login")), "url");
    assertThat(detail(problem, "url")).startsWith("host '" + LOOK_ALIKE + "' ('exаmple.com') looks like the protected host 'example.com'");
    assertThat(server.create(new JsonObject().put("url", "https://shop.example.com/spring")).statusCode()).isEqualTo(201);
  }

  @Test
  void patch_toDeniedHost_400AndTheLinkKeepsItsDestination() {
    String code = server.createOk(new JsonObject().put("url", "https://shop.example/a")).bodyAsJsonObject().getString("code");
    HttpResponse<Buffer> r = server.request(HttpMethod.PATCH, "/api/v1/links/" + code)
        .putHeader("Content-Type", "application/merge-patch+json")
        .sendBuffer(Buffer.buffer(new JsonObject().put("url", "http://evil.example/").encode())).await();
    JsonObject problem = assertInvalid(r, "url");
    assertThat(detail(problem, "url")).isEqualTo("host 'evil.example' is on the destination deny list (evil.example)");
    assertThat(server.send(HttpMethod.GET, "/api/v1/links/" + code).bodyAsJsonObject().getString("url"))
        .isEqualTo("https://shop.example/a");
  }

  @Test
  void import_refusedHosts_400ForThoseItemsOnly() {
    JsonArray links = new JsonArray()
        .add(new JsonObject().put("url", "https://shop.example/fine"))
        .add(new JsonObject().put("url", "https://a.evil.example/"))
        .add(new JsonObject().put("url", "https://examp1e.com/"));
    HttpResponse<Buffer> r = server.sendJson(HttpMethod.POST, "/api/v1/links/import",
        new JsonObject().put("links", links).encode());
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
    JsonArray results = r.bodyAsJsonObject().getJsonArray("results");
    assertThat(results.getJsonObject(0).getInteger("status")).isEqualTo(201);
    assertThat(results.getJsonObject(1).getInteger("status")).isEqualTo(400);
    assertThat(detail(results.getJsonObject(1), "links[1].url")).contains("deny list (*.evil.example)");
    assertThat(results.getJsonObject(2).getInteger("status")).isEqualTo(400);
    assertThat(detail(results.getJsonObject(2), "links[2].url")).contains("looks like the protected host 'example.com'");
  }
}
