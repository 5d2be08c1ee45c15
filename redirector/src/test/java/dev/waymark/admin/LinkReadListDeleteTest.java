package dev.waymark.admin;

import static dev.waymark.admin.Problems.assertInvalid;
import static dev.waymark.admin.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LinkReadListDeleteTest {

  AdminServer server;

  @BeforeEach
  void start() {
    server = new AdminServer();
    // The fixture's warm-up link is gone again; start each test from an empty store.
    assertThat(server.store.size()).isZero();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private String create(String slug, String campaign, String... tags) {
    JsonObject body = new JsonObject().put("url", "https://shop.example/" + slug).put("slug", slug);
    if (campaign != null) {
      body.put("campaign", campaign);
    }
    body.put("tags", new JsonArray(List.of((Object[]) tags)));
    return server.createOk(body).bodyAsJsonObject().getString("code");
  }

  private JsonObject list(String query) {
    var r = server.send(HttpMethod.GET, "/api/v1/links" + query);
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
    return r.bodyAsJsonObject();
  }

  private static List<String> codes(JsonObject page) {
    return page.getJsonArray("links").stream().map(l -> ((JsonObject) l).getString("code")).toList();
  }

  @Test
  void get_existing_returns200View() {
    create("get-me", "spring");
    JsonObject link = server.send(HttpMethod.GET, "/api/v1/links/get-me").bodyAsJsonObject();
    assertThat(link.getString("code")).isEqualTo("get-me");
    assertThat(link.getString("shortUrl")).isEqualTo("https://wmk.example/get-me");
  }

  @Test
  void get_unknown_returns404() {
    JsonObject p = assertProblem(server.send(HttpMethod.GET, "/api/v1/links/missing"), 404);
    assertThat(p.getString("detail")).contains("missing");
    assertThat(p.getString("instance")).isEqualTo("/api/v1/links/missing");
  }

  @Test
  void get_malformedCode_returns404() {
    assertProblem(server.send(HttpMethod.GET, "/api/v1/links/" + "a".repeat(65)), 404);
    assertProblem(server.send(HttpMethod.GET, "/api/v1/links/a%20b"), 404);
  }

  @Test
  void delete_existing_returns204AndLinkIsGone() {
    create("bye", null);
    var r = server.send(HttpMethod.DELETE, "/api/v1/links/bye");
    assertThat(r.statusCode()).isEqualTo(204);
    assertThat(r.body() == null || r.body().length() == 0).isTrue();
    assertProblem(server.send(HttpMethod.GET, "/api/v1/links/bye"), 404);
  }

  @Test
  void delete_unknown_returns404() {
    assertProblem(server.send(HttpMethod.DELETE, "/api/v1/links/never"), 404);
  }

  @Test
  void list_empty_returnsNoLinksAndNullCursor() {
    JsonObject page = list("");
    assertThat(page.getJsonArray("links")).isEmpty();
    assertThat(page.containsKey("nextCursor")).isTrue();
    assertThat(page.getString("nextCursor")).isNull();
  }

  @Test
  void list_paginates_newestFirstWithoutGapsOrRepeats() {
    List<String> created = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      created.add(create("page-" + i, null));
    }
    List<String> seen = new ArrayList<>();
    String cursor = null;
    int pages = 0;
    do {
      JsonObject page = list("?limit=3" + (cursor == null ? "" : "&cursor=" + cursor));
      assertThat(page.getJsonArray("links").size()).isLessThanOrEqualTo(3);
      seen.addAll(codes(page));
      cursor = page.getString("nextCursor");
      pages++;
    } while (cursor != null);
    assertThat(pages).isEqualTo(3);
    java.util.Collections.reverse(created);
    assertThat(seen).containsExactlyElementsOf(created);
  }

  @Test
  void list_defaultLimitIs50() {
    for (int i = 0; i < 52; i++) {
      create("d" + i, null);
    }
    JsonObject page = list("");
    assertThat(page.getJsonArray("links")).hasSize(50);
    assertThat(page.getString("nextCursor")).isNotNull();
  }

  @Test
  void list_filtersByCampaignAndTag_combinedWithAnd() {
    create("s-a", "spring", "outdoor");
    create("s-b", "spring", "online");
    create("w-a", "winter", "outdoor");
    assertThat(codes(list("?campaign=spring"))).containsExactly("s-b", "s-a");
    assertThat(codes(list("?tag=outdoor"))).containsExactly("w-a", "s-a");
    assertThat(codes(list("?campaign=spring&tag=outdoor"))).containsExactly("s-a");
  }

  @Test
  void list_limitZero_returns400NamingLimit() {
    assertInvalid(server.send(HttpMethod.GET, "/api/v1/links?limit=0"), "limit");
  }

  @Test
  void list_limitAbove500_returns400NamingLimit() {
    assertInvalid(server.send(HttpMethod.GET, "/api/v1/links?limit=501"), "limit");
  }

  @Test
  void list_limitNotInteger_returns400NamingLimit() {
    assertInvalid(server.send(HttpMethod.GET, "/api/v1/links?limit=ten"), "limit");
    assertInvalid(server.send(HttpMethod.GET, "/api/v1/links?limit=-1"), "limit");
    assertInvalid(server.send(HttpMethod.GET, "/api/v1/links?limit=99999999999"), "limit");
  }

  @Test
  void list_limit500_isAccepted() {
    list("?limit=500");
  }

  @Test
  void list_malformedCursor_returns400NamingCursor() {
    assertInvalid(server.send(HttpMethod.GET, "/api/v1/links?cursor=not-a-cursor"), "cursor");
  }

  @Test
  void list_repeatedParameter_returns400NamingIt() {
    assertInvalid(server.send(HttpMethod.GET, "/api/v1/links?limit=1&limit=2"), "limit");
  }

  @Test
  void list_badTagFilter_returns400NamingTag() {
    assertInvalid(server.send(HttpMethod.GET, "/api/v1/links?tag=a%20b"), "tag");
  }

  @Test
  void list_malformedQueryEncoding_returns400() {
    assertProblem(server.send(HttpMethod.GET, "/api/v1/links?campaign=%E0%A4%A"), 400);
  }
}
