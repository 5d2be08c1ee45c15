package dev.waymark.problem;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.ext.web.handler.HttpException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class ProblemHandlerTest {

  static Vertx vertx;
  static WebClient client;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    Router router = Router.router(vertx);
    new ProblemHandler(ctx -> List.of(HttpMethod.GET), 1024).install(router);
    router.get("/bug").handler(ctx -> {
      throw new IllegalStateException("secret internal state at dev.waymark.Secret");
    });
    router.get("/bug-in-future").handler(ctx ->
        Future.failedFuture(new NullPointerException("boom")).onFailure(ctx::fail));
    router.get("/user-mistake").handler(ctx -> {
      throw ProblemException.invalid("url", "must be an absolute http or https URL");
    });
    router.get("/with-headers").handler(ctx -> ctx.fail(ProblemException.unavailable("link store unavailable", null)));
    router.get("/http-exception").handler(ctx -> ctx.fail(new HttpException(429, "internal payload")));
    router.get("/half-written").handler(ctx -> {
      ctx.response().putHeader("Location", "/somewhere");
      throw new IllegalArgumentException("after setting a header");
    });
    HttpServer server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1").await();
    client = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(server.actualPort()));
  }

  @AfterAll
  static void stop() {
    vertx.close().await();
  }

  private static HttpResponse<Buffer> get(String path) {
    return client.get(path).send().await();
  }

  private static JsonObject problem(HttpResponse<Buffer> r, int status) {
    assertThat(r.statusCode()).isEqualTo(status);
    assertThat(r.getHeader("Content-Type")).isEqualTo("application/problem+json");
    assertThat(r.bodyAsString()).doesNotContain("Exception", "at dev.waymark", "secret", "boom", "payload");
    return r.bodyAsJsonObject();
  }

  @Test
  void unexpectedException_returns500WithGenericDetail() {
    JsonObject p = problem(get("/bug"), 500);
    assertThat(p.getString("type")).isEqualTo("https://waymark.dev/problems/internal");
    assertThat(p.getString("detail")).isEqualTo("The server failed to handle this request; the error has been logged.");
    assertThat(p.getString("instance")).isEqualTo("/bug");
  }

  @Test
  void unexpectedException_stackTraceIsLoggedServerSide() {
    Logger logger = (Logger) LoggerFactory.getLogger(ProblemHandler.class);
    Level before = logger.getLevel();
    ListAppender<ILoggingEvent> logged = new ListAppender<>();
    logged.start();
    logger.addAppender(logged);
    logger.setLevel(Level.ERROR);
    try {
      problem(get("/bug"), 500);
    } finally {
      logger.detachAppender(logged);
      logger.setLevel(before);
    }
    assertThat(logged.list).singleElement().satisfies(e -> {
      assertThat(e.getFormattedMessage()).contains("path=/bug");
      assertThat(e.getThrowableProxy().getMessage()).contains("secret internal state");
    });
  }

  @Test
  void failedFuture_returns500WithGenericDetail() {
    problem(get("/bug-in-future"), 500);
  }

  @Test
  void problemException_isSentAsIs() {
    JsonObject p = problem(get("/user-mistake"), 400);
    assertThat(p.getString("detail")).isEqualTo("url: must be an absolute http or https URL");
    assertThat(p.getJsonArray("errors").getJsonObject(0).getMap())
        .isEqualTo(Map.of("field", "url", "detail", "must be an absolute http or https URL"));
  }

  @Test
  void problemException_headersAreSent() {
    HttpResponse<Buffer> r = get("/with-headers");
    problem(r, 503);
    assertThat(r.getHeader("Retry-After")).isEqualTo("1");
  }

  @Test
  void otherHttpException_keepsStatusAsAboutBlankWithoutPayload() {
    JsonObject p = problem(get("/http-exception"), 429);
    assertThat(p.getString("type")).isEqualTo("about:blank");
    assertThat(p.getString("title")).isEqualTo("Too Many Requests");
  }

  @Test
  void failureAfterHeadersSet_dropsThemForTheProblem() {
    HttpResponse<Buffer> r = get("/half-written");
    problem(r, 500);
    assertThat(r.getHeader("Location")).isNull();
  }

  @Test
  void noRoute_returns404Problem() {
    assertThat(problem(get("/nothing"), 404).getString("type")).isEqualTo("https://waymark.dev/problems/not-found");
  }

  @Test
  void wrongMethod_returns405WithAllow() {
    HttpResponse<Buffer> r = client.post("/bug").send().await();
    problem(r, 405);
    assertThat(r.getHeader("Allow")).isEqualTo("GET");
  }

  @Test
  void problem_toJson_leavesOutAbsentMembers() {
    JsonObject json = Problem.of(ProblemType.NOT_FOUND, null).toJson();
    assertThat(json.fieldNames()).containsExactlyInAnyOrder("type", "title", "status");
  }

  @Test
  void problem_invalid_detailNamesEveryField() {
    Problem p = Problem.invalid(List.of(new Problem.FieldError("url", "is required"), new Problem.FieldError("slug", "is reserved")));
    assertThat(p.detail()).isEqualTo("url: is required; slug: is reserved");
    assertThat(p.status()).isEqualTo(400);
  }
}
