package dev.waymark.admin;

import static dev.waymark.admin.Problems.assertInvalid;
import static dev.waymark.admin.Problems.assertProblem;
import static dev.waymark.admin.Problems.fields;
import static org.assertj.core.api.Assertions.assertThat;

import dev.waymark.admin.conversion.ConversionRoutes;
import dev.waymark.conversion.Conversion;
import dev.waymark.problem.ProblemHandler;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.ext.web.handler.BodyHandler;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code POST /api/v1/conversions} over a fake conversion store: every status, every refusal, the limits. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ConversionApiTest {

  private static final String PATH = "/api/v1/conversions";
  private static final UUID HIT = UUID.fromString("0190a1b2-c3d4-7e5f-8a6b-7c8d9e0f1a2b");
  private static final UUID HIT2 = UUID.fromString("0190a1b2-c3d4-7e5f-8a6b-000000000002");
  private static final UUID ON_ITS_WAY = UUID.fromString("0190a1b2-c3d4-7e5f-8a6b-000000000003");
  private static final UUID NEVER = UUID.fromString("0190a1b2-c3d4-7e5f-8a6b-000000000004");

  static AdminServer server;

  @BeforeAll
  static void start() {
    server = new AdminServer();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @BeforeEach
  void reset() {
    server.conversions.reset();
    server.conversionsAbsent = false;
    server.conversions.hits.addAll(List.of(HIT, HIT2));
    server.conversions.pending.add(ON_ITS_WAY);
  }

  private static HttpResponse<Buffer> post(String body) {
    return server.sendJson(HttpMethod.POST, PATH, body);
  }

  private static HttpResponse<Buffer> post(JsonObject body) {
    return post(body.encode());
  }

  private static JsonObject sale(UUID click) {
    return new JsonObject().put("click", click.toString()).put("type", "sale").put("value", 12.5)
        .put("currency", "EUR").put("id", "order-123");
  }

  private static JsonObject list(JsonObject... items) {
    return new JsonObject().put("conversions", new JsonArray(List.of((Object[]) items)));
  }

  // --- one conversion

  @Test
  void single_stored_is201EchoingTheConversion_andTheStoreGetsItExactly() {
    HttpResponse<Buffer> r = post("{\"click\":\"" + HIT + "\",\"type\":\"sale\",\"value\":12.50,"
        + "\"currency\":\"EUR\",\"id\":\"order-123\"}");
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(201);
    assertThat(r.getHeader("Content-Type")).isEqualTo("application/json");
    assertThat(r.bodyAsString()).isEqualTo("{\"click\":\"" + HIT + "\",\"type\":\"sale\",\"value\":12.5,"
        + "\"currency\":\"EUR\",\"id\":\"order-123\",\"status\":\"stored\"}");
    assertThat(server.conversions.asked).containsExactly(
        new Conversion(HIT, "sale", new BigDecimal("12.5"), "EUR", "order-123"));
  }

  @Test
  void single_sameAgain_is200Duplicate() {
    assertThat(post(sale(HIT)).statusCode()).isEqualTo(201);
    HttpResponse<Buffer> again = post(sale(HIT));
    assertThat(again.statusCode()).isEqualTo(200);
    assertThat(again.bodyAsJsonObject().getString("status")).isEqualTo("duplicate");
    assertThat(server.conversions.stored).hasSize(1);
  }

  @Test
  void single_hitNotStoredYet_is202Pending_withRetryAfter30() {
    HttpResponse<Buffer> r = post(sale(ON_ITS_WAY));
    assertThat(r.statusCode()).isEqualTo(202);
    assertThat(r.getHeader("Retry-After")).isEqualTo("30");
    assertThat(r.bodyAsJsonObject().getString("status")).isEqualTo("pending");
    assertThat(server.conversions.stored).isEmpty();
  }

  @Test
  void single_unknownClick_is422NamingClick() {
    JsonObject problem = assertProblem(post(sale(NEVER)), 422);
    assertThat(problem.getString("type")).isEqualTo("https://waymark.dev/problems/unknown-click");
    assertThat(fields(problem)).containsExactly("click");
    assertThat(problem.getString("detail")).contains(NEVER.toString(), "nothing was stored");
  }

  @Test
  void single_withoutValueAndId_isStored_nullsEchoed() {
    HttpResponse<Buffer> r = post(new JsonObject().put("click", HIT.toString()).put("type", "signup")
        .putNull("value").putNull("currency").putNull("id"));
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(201);
    JsonObject body = r.bodyAsJsonObject();
    assertThat(body.getValue("value")).isNull();
    assertThat(body.getValue("currency")).isNull();
    assertThat(body.getValue("id")).isNull();
    assertThat(server.conversions.asked).containsExactly(new Conversion(HIT, "signup", null, null, ""));
  }

  @Test
  void values_keepEveryDigit_andAreEchoedPlain() {
    assertThat(post(sale(HIT).put("value", new BigDecimal("999999999999.999999"))).statusCode()).isEqualTo(201);
    assertThat(server.conversions.asked.get(0).value()).isEqualByComparingTo("999999999999.999999");
    HttpResponse<Buffer> r = post("{\"click\":\"" + HIT2 + "\",\"type\":\"sale\",\"value\":1e2,\"currency\":\"USD\"}");
    assertThat(r.bodyAsString()).contains("\"value\":100,");
    assertThat(post(sale(HIT).put("id", "max").put("value", 1000000000000L)).statusCode()).isEqualTo(201);
    assertThat(post(sale(HIT).put("id", "zero").put("value", 0)).statusCode()).isEqualTo(201);
  }

  @Test
  void click_inCapitals_isTheSameClick() {
    assertThat(post(sale(HIT).put("click", HIT.toString().toUpperCase())).statusCode()).isEqualTo(201);
    assertThat(server.conversions.asked.get(0).click()).isEqualTo(HIT);
  }

  // --- lists

  @Test
  void batch_mixed_is202WithCountsAndOneResultPerItem_whenAnyIsPending() {
    HttpResponse<Buffer> r = post(list(sale(HIT), sale(HIT), sale(ON_ITS_WAY), sale(HIT2).put("type", "lead")));
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(202);
    assertThat(r.getHeader("Retry-After")).isEqualTo("30");
    assertThat(r.bodyAsJsonObject()).isEqualTo(new JsonObject().put("stored", 2).put("duplicates", 1)
        .put("pending", 1).put("results", new JsonArray()
            .add(new JsonObject().put("index", 0).put("status", "stored"))
            .add(new JsonObject().put("index", 1).put("status", "duplicate"))
            .add(new JsonObject().put("index", 2).put("status", "pending"))
            .add(new JsonObject().put("index", 3).put("status", "stored"))));
  }

  @Test
  void batch_nonePending_is200_evenOfOne() {
    HttpResponse<Buffer> r = post(list(sale(HIT)));
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.getHeader("Retry-After")).isNull();
    assertThat(r.bodyAsJsonObject().getInteger("stored")).isEqualTo(1);
  }

  @Test
  void batch_withUnknownClicks_is422ListingTheirIndices_andStoresNothing() {
    JsonObject problem = assertProblem(post(list(sale(HIT), sale(NEVER), sale(HIT2), sale(NEVER).put("id", "2"))), 422);
    assertThat(fields(problem)).containsExactly("conversions[1].click", "conversions[3].click");
    assertThat(problem.getString("detail")).contains("[1, 3]", "nothing was stored");
    assertThat(server.conversions.stored).isEmpty();
  }

  @Test
  void batch_ofTheMost_isTaken() {
    JsonObject[] items = IntStream.range(0, Conversion.MAX_BATCH)
        .mapToObj(i -> sale(HIT).put("id", "order-" + "x".repeat(100) + i)).toArray(JsonObject[]::new);
    HttpResponse<Buffer> r = post(list(items));
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
    assertThat(r.bodyAsJsonObject().getInteger("stored")).isEqualTo(Conversion.MAX_BATCH);
  }

  // --- refusals

  static Stream<Arguments> badInput() {
    String click = "\"click\":\"" + HIT + "\"";
    String sale = click + ",\"type\":\"sale\"";
    return Stream.of(
        Arguments.of("{\"click\": ", "body"),
        Arguments.of("[]", "body"),
        Arguments.of("{\"type\":\"sale\"}", "click"),
        Arguments.of("{\"click\":12,\"type\":\"sale\"}", "click"),
        Arguments.of("{\"click\":\"order-1\",\"type\":\"sale\"}", "click"),
        Arguments.of("{\"click\":\"1-1-1-1-1\",\"type\":\"sale\"}", "click"),
        Arguments.of("{" + click + "}", "type"),
        Arguments.of("{" + click + ",\"type\":\"Sale\"}", "type"),
        Arguments.of("{" + click + ",\"type\":\"\"}", "type"),
        Arguments.of("{" + click + ",\"type\":\"_sale\"}", "type"),
        Arguments.of("{" + click + ",\"type\":\"" + "s".repeat(33) + "\"}", "type"),
        Arguments.of("{" + click + ",\"type\":[\"sale\"]}", "type"),
        Arguments.of("{" + sale + ",\"value\":-0.01,\"currency\":\"EUR\"}", "value"),
        Arguments.of("{" + sale + ",\"value\":1.0000001,\"currency\":\"EUR\"}", "value"),
        Arguments.of("{" + sale + ",\"value\":1000000000000.000001,\"currency\":\"EUR\"}", "value"),
        Arguments.of("{" + sale + ",\"value\":1e999999,\"currency\":\"EUR\"}", "value"),
        Arguments.of("{" + sale + ",\"value\":\"12.5\",\"currency\":\"EUR\"}", "value"),
        Arguments.of("{" + sale + ",\"value\":12.5}", "currency"),
        Arguments.of("{" + sale + ",\"currency\":\"EUR\"}", "value"),
        Arguments.of("{" + sale + ",\"value\":12.5,\"currency\":\"eur\"}", "currency"),
        Arguments.of("{" + sale + ",\"value\":12.5,\"currency\":\"EURO\"}", "currency"),
        Arguments.of("{" + sale + ",\"id\":\"" + "i".repeat(129) + "\"}", "id"),
        Arguments.of("{" + sale + ",\"id\":123}", "id"),
        Arguments.of("{" + sale + ",\"id\":\"a\\nb\"}", "id"),
        Arguments.of("{" + sale + ",\"amount\":12.5}", "amount"),
        Arguments.of("{\"conversions\":[]}", "conversions"),
        Arguments.of("{\"conversions\":{}}", "conversions"),
        Arguments.of("{\"conversions\":[{" + sale + "}, 5]}", "conversions[1]"),
        Arguments.of("{\"conversions\":[{" + sale + "},{" + sale + "},{" + sale + "},{" + sale
            + ",\"value\":1,\"currency\":\"eur\"}]}", "conversions[3].currency"),
        Arguments.of("{\"conversions\":[{" + sale + ",\"bogus\":1}]}", "conversions[0].bogus"),
        Arguments.of("{\"conversions\":[{" + sale + "}]," + click + "}", "click"));
  }

  @ParameterizedTest
  @MethodSource("badInput")
  void badInput_is400NamingTheMember_andTheStoreIsNotAsked(String body, String member) {
    assertInvalid(post(body), member);
    assertThat(server.conversions.asked).isNull();
  }

  @Test
  void moreThanTheMost_is400NamingTheList() {
    JsonObject[] items = IntStream.range(0, Conversion.MAX_BATCH + 1).mapToObj(i -> sale(HIT)).toArray(JsonObject[]::new);
    JsonObject problem = assertInvalid(post(list(items)), "conversions");
    assertThat(problem.getString("detail")).contains("1001", "at most 1000");
  }

  @Test
  void everyBadMemberOfEveryItem_isNamed() {
    JsonObject problem = assertInvalid(post("{\"conversions\":[{\"type\":\"Sale\"},{\"click\":\"" + HIT
        + "\",\"type\":\"sale\",\"value\":1}]}"), "conversions[0].click");
    assertThat(fields(problem)).containsExactlyInAnyOrder("conversions[0].click", "conversions[0].type",
        "conversions[1].currency");
  }

  @Test
  void bodyOverItsLimit_is413QuotingIt_andOtherRoutesKeepTheirs() {
    String big = "{\"click\":\"" + HIT + "\",\"type\":\"sale\",\"id\":\"" + "x".repeat(300 * 1024) + "\"}";
    JsonObject problem = assertProblem(post(big), 413);
    assertThat(problem.getString("detail")).contains(Long.toString(ConversionRoutes.BODY_LIMIT));
    String link = "{\"url\":\"https://a.example/" + "x".repeat(70 * 1024) + "\"}";
    assertThat(assertProblem(server.sendJson(HttpMethod.POST, "/api/v1/links", link), 413).getString("detail"))
        .contains(Long.toString(AdminRouter.BODY_LIMIT));
  }

  @Test
  void notJson_is415() {
    HttpResponse<Buffer> r = server.request(HttpMethod.POST, PATH).putHeader("Content-Type", "text/plain")
        .sendBuffer(Buffer.buffer(sale(HIT).encode())).await();
    assertProblem(r, 415);
  }

  @Test
  void keyWithoutConversionsWrite_is403NamingTheScope_aKeyWithOnlyIt_isAnswered() {
    String writer = server.createKey("links-only", "links:write", "stats:read").getString("key");
    String shop = server.createKey("shop", "conversions:write").getString("key");
    JsonObject problem = assertProblem(server.request(HttpMethod.POST, PATH, writer)
        .putHeader("Content-Type", "application/json").sendBuffer(sale(HIT).toBuffer()).await(), 403);
    assertThat(problem.getString("detail")).contains("conversions:write");
    assertThat(server.conversions.asked).isNull();
    assertThat(server.request(HttpMethod.POST, PATH, shop).putHeader("Content-Type", "application/json")
        .sendBuffer(sale(HIT).toBuffer()).await().statusCode()).isEqualTo(201);
    assertThat(server.request(HttpMethod.GET, "/api/v1/links", shop).send().await().statusCode()).isEqualTo(403);
  }

  @Test
  void noStore_is503SayingWhy_butBadInputIsStill400() {
    server.conversionsAbsent = true;
    HttpResponse<Buffer> r = post(sale(HIT));
    JsonObject problem = assertProblem(r, 503);
    assertThat(problem.getString("detail")).contains("analytics store", "tracking is off");
    assertThat(r.getHeader("Retry-After")).isEqualTo("1");
    assertInvalid(post("{\"type\":\"sale\"}"), "click");
  }

  @Test
  void storeThatThrows_is503NamingTheStore_withoutItsError() {
    server.conversions.down = true;
    HttpResponse<Buffer> r = post(list(sale(HIT)));
    JsonObject problem = assertProblem(r, 503);
    assertThat(problem.getString("detail")).isEqualTo("the clickhouse analytics store is unavailable");
    assertThat(r.getHeader("Retry-After")).isEqualTo("1");
    assertThat(r.bodyAsString()).doesNotContain("connection refused");
  }

  @Test
  void pastTheBound_is503_pastTheTimeout_is504_sayingRepeatingIsSafe() throws Exception {
    Vertx vertx = Vertx.vertx();
    FakeConversionStore store = new FakeConversionStore();
    store.hits.add(HIT);
    try {
      Router router = Router.router(vertx);
      new ProblemHandler(ctx -> List.of(), ConversionRoutes.BODY_LIMIT).install(router);
      ConversionRoutes routes = new ConversionRoutes(vertx, () -> store, 1, Duration.ofMillis(200));
      router.post("/c").handler(BodyHandler.create(false)).handler(routes::record);
      int port = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1").await().actualPort();
      WebClient client = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1")
          .setDefaultPort(port));

      store.gate.close();
      Future<HttpResponse<Buffer>> first = client.post("/c").putHeader("Content-Type", "application/json")
          .sendBuffer(sale(HIT).toBuffer());
      for (int i = 0; i < 500 && store.asked == null; i++) {
        Thread.sleep(10);
      }
      assertThat(store.asked).as("the store was asked").isNotNull();
      HttpResponse<Buffer> second = client.post("/c").putHeader("Content-Type", "application/json")
          .sendBuffer(sale(HIT).toBuffer()).await();
      assertThat(assertProblem(second, 503).getString("detail")).contains("more than 1 conversion reports");

      JsonObject late = assertProblem(first.await(), 504);
      assertThat(late.getString("detail")).contains("clickhouse", "200 ms", "not stored twice");
      store.gate.open();
    } finally {
      store.gate.open();
      vertx.close().await();
    }
  }
}
