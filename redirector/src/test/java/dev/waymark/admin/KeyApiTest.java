package dev.waymark.admin;

import static dev.waymark.admin.Problems.assertInvalid;
import static dev.waymark.admin.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.waymark.key.KeySecret;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code /api/v1/keys}: a key is answered once and never again, checked input, revocation. */
class KeyApiTest {

  static AdminServer server;

  @BeforeAll
  static void start() {
    server = new AdminServer();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static HttpResponse<Buffer> create(String body) {
    return server.sendJson(HttpMethod.POST, "/api/v1/keys", body);
  }

  @Test
  void create_answersTheKeyOnce_andStoresOnlyItsHash() {
    HttpResponse<Buffer> r = create("{\"name\":\"CI — deploys\",\"scopes\":[\"links:write\",\"links:read\"],"
        + "\"expiresAt\":\"2027-01-01T00:00:00Z\"}");

    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(201);
    assertThat(r.getHeader("Cache-Control")).isEqualTo("no-store");
    JsonObject created = r.bodyAsJsonObject();
    String key = created.getString("key");
    assertThat(key).matches("wmk_[0-9a-z]{12}_[A-Za-z0-9_-]{43}").startsWith("wmk_" + created.getString("id") + "_");
    assertThat(created.getString("name")).isEqualTo("CI — deploys");
    assertThat(created.getJsonArray("scopes")).containsExactly("links:read", "links:write");
    assertThat(created.getString("expiresAt")).isEqualTo("2027-01-01T00:00:00Z");

    var stored = server.keys.find(created.getString("id")).await();
    assertThat(stored.sha256()).isEqualTo(KeySecret.sha256Hex(key));
    assertThat(stored.toString()).doesNotContain(key.substring(17));
  }

  @Test
  void list_showsTheBootstrapKeyFirst_andNeverAKeyOrItsHash() {
    JsonObject created = server.createKey("listed", "stats:read");

    String body = server.send(HttpMethod.GET, "/api/v1/keys").bodyAsString();

    JsonArray keys = new JsonObject(body).getJsonArray("keys");
    assertThat(keys.getJsonObject(0)).isEqualTo(new JsonObject().put("id", "bootstrap").put("name", "bootstrap")
        .put("scopes", List.of("keys:admin")).put("bootstrap", true).putNull("createdAt").putNull("expiresAt")
        .putNull("lastUsedAt"));
    JsonObject listed = keys.stream().map(JsonObject.class::cast)
        .filter(k -> k.getString("id").equals(created.getString("id"))).findFirst().orElseThrow();
    assertThat(listed.fieldNames()).containsExactlyInAnyOrder("id", "name", "scopes", "bootstrap", "createdAt",
        "expiresAt", "lastUsedAt");
    assertThat(listed.getBoolean("bootstrap")).isFalse();
    assertThat(body).doesNotContain(created.getString("key").substring(17))
        .doesNotContain(KeySecret.sha256Hex(created.getString("key"))).doesNotContain("sha256");
  }

  @Test
  void create_invalidMembers_get400NamingEach() {
    assertInvalid(create("{\"scopes\":[\"links:read\"]}"), "name");
    assertInvalid(create("{\"name\":\"\",\"scopes\":[\"links:read\"]}"), "name");
    assertInvalid(create("{\"name\":\"   \",\"scopes\":[\"links:read\"]}"), "name");
    assertInvalid(create("{\"name\":\"" + "x".repeat(101) + "\",\"scopes\":[\"links:read\"]}"), "name");
    assertThat(create("{\"name\":\"" + "é".repeat(100) + "\",\"scopes\":[\"links:read\"]}").statusCode()).isEqualTo(201);
    assertInvalid(create("{\"name\":\"tab\\there\",\"scopes\":[\"links:read\"]}"), "name");
    assertInvalid(create("{\"name\":\"zero\\u200bwidth\",\"scopes\":[\"links:read\"]}"), "name");
    assertInvalid(create("{\"name\":7,\"scopes\":[\"links:read\"]}"), "name");
    assertInvalid(create("{\"name\":\"n\"}"), "scopes");
    assertInvalid(create("{\"name\":\"n\",\"scopes\":[]}"), "scopes");
    assertInvalid(create("{\"name\":\"n\",\"scopes\":\"links:read\"}"), "scopes");
    JsonObject unknown = assertInvalid(create("{\"name\":\"n\",\"scopes\":[\"links:read\",\"links:delete\"]}"),
        "scopes[1]");
    assertThat(unknown.getString("detail")).contains("links:read, links:write, stats:read, webhooks:write, conversions:write, keys:admin");
    assertInvalid(create("{\"name\":\"n\",\"scopes\":[\"links:read\",\"links:read\"]}"), "scopes[1]");
    assertInvalid(create("{\"name\":\"n\",\"scopes\":[\"links:read\"],\"expiresAt\":\"tomorrow\"}"), "expiresAt");
    assertInvalid(create("{\"name\":\"n\",\"scopes\":[\"links:read\"],\"expiresAt\":\"2020-01-01T00:00:00Z\"}"),
        "expiresAt");
    assertInvalid(create("{\"name\":\"n\",\"scopes\":[\"links:read\"],\"expiresAt\":\"2040-01-01T00:00:00Z\"}"),
        "expiresAt");
    assertInvalid(create("{\"name\":\"n\",\"scopes\":[\"links:read\"],\"key\":\"wmk_mine\"}"), "key");
    JsonObject both = assertInvalid(create("{\"name\":\"\",\"scopes\":[]}"), "name");
    assertThat(Problems.fields(both)).containsExactlyInAnyOrder("name", "scopes");
  }

  @Test
  void delete_revokes_thenUnknown404_andTheBootstrapKey409() {
    JsonObject created = server.createKey("to revoke", "links:read");
    String id = created.getString("id");

    assertThat(server.send(HttpMethod.DELETE, "/api/v1/keys/" + id).statusCode()).isEqualTo(204);
    assertProblem(server.send(HttpMethod.DELETE, "/api/v1/keys/" + id), 404);
    assertProblem(server.send(HttpMethod.DELETE, "/api/v1/keys/not-an-id"), 404);
    JsonObject bootstrap = assertProblem(server.send(HttpMethod.DELETE, "/api/v1/keys/bootstrap"), 409);
    assertThat(bootstrap.getString("detail")).contains("bootstrap key cannot be revoked").contains("WAYMARK_ADMIN_API_KEY");
    assertThat(server.send(HttpMethod.GET, "/api/v1/links").statusCode()).isEqualTo(200);
  }

  @Test
  void namedKeyChanges_areAuditedUnderItsName_andKeysThemselvesAreAudited() {
    JsonObject writer = server.createKey("audited-writer", "links:read", "links:write");
    String code = server.createOk(new JsonObject().put("url", "https://example.com/audit-by-key"))
        .bodyAsJsonObject().getString("code");

    HttpResponse<Buffer> patched = server.request(HttpMethod.PATCH, "/api/v1/links/" + code, writer.getString("key"))
        .putHeader("Content-Type", "application/merge-patch+json")
        .sendBuffer(Buffer.buffer("{\"campaign\":\"by-key\"}")).await();
    assertThat(patched.statusCode()).as(patched.bodyAsString()).isEqualTo(200);
    JsonArray byKey = audit("key=audited-writer");
    assertThat(byKey).hasSize(1);
    JsonObject entry = byKey.getJsonObject(0);
    assertThat(entry.getJsonObject("key").getString("id")).isEqualTo(writer.getString("id"));
    assertThat(entry.getString("action")).isEqualTo("update");
    assertThat(entry.getJsonObject("after").getString("campaign")).isEqualTo("by-key");

    assertThat(server.send(HttpMethod.DELETE, "/api/v1/keys/" + writer.getString("id")).statusCode()).isEqualTo(204);
    JsonArray keyEntries = audit("target=key:" + writer.getString("id"));
    assertThat(keyEntries).hasSize(2);
    JsonObject revoked = keyEntries.getJsonObject(0);
    assertThat(revoked.getString("action")).isEqualTo("delete");
    assertThat(revoked.getJsonObject("key").getString("id")).isEqualTo("bootstrap");
    assertThat(revoked.getJsonObject("before").getString("name")).isEqualTo("audited-writer");
    assertThat(keyEntries.getJsonObject(1).getString("action")).isEqualTo("create");
    assertThat(keyEntries.encode()).doesNotContain(writer.getString("key").substring(17));
  }

  private static JsonArray audit(String query) {
    HttpResponse<Buffer> r = server.send(HttpMethod.GET, "/api/v1/audit?" + query);
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
    return r.bodyAsJsonObject().getJsonArray("entries");
  }
}
