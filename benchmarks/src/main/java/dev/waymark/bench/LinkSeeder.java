package dev.waymark.bench;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Creates the benchmark links through the admin API's bulk import, the way a marketer's tooling
 * moving a campaign in would: batches of up to 1000 links, a few requests in flight; a link that
 * already exists (409) counts as done, so re-runs are cheap.
 */
@Command(name = "seed", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Creates the first N benchmark codes as links via POST /api/v1/links/import.")
public final class LinkSeeder implements Callable<Integer> {

  @Option(names = "--host", defaultValue = "127.0.0.1", description = "Loopback host only.")
  String host;

  @Option(names = "--port", defaultValue = "8081", description = "Admin port.")
  int port;

  @Option(names = {"-n", "--links"}, required = true)
  int links;

  @Option(names = {"-c", "--concurrency"}, defaultValue = "4", description = "Import requests in flight.")
  int concurrency;

  @Option(names = {"-b", "--batch"}, defaultValue = "1000", description = "Links per import request (at most 1000).")
  int batch;

  @Option(names = "--url", defaultValue = "https://example.com/landing",
      description = "Destination; the code is appended as a query parameter.")
  String url;

  @Option(names = "--api-key-env", defaultValue = "WAYMARK_ADMIN_API_KEY",
      description = "Environment variable holding the API key (kept off the command line).")
  String apiKeyEnv;

  private long created;
  private long existed;
  private long failed;
  private int next;
  private int open;
  private String lastFailure = "";

  public static void main(String[] args) {
    System.exit(new CommandLine(new LinkSeeder()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    Loopback.require(host);
    if (batch < 1 || batch > 1000) {
      throw new CommandLine.ParameterException(new CommandLine(this), "--batch must be 1 to 1000, was " + batch);
    }
    String key = System.getenv(apiKeyEnv);
    if (key == null || key.isBlank()) {
      throw new CommandLine.ParameterException(new CommandLine(this), apiKeyEnv + " is not set");
    }
    Vertx vertx = Vertx.vertx();
    long start = System.nanoTime();
    try {
      HttpClientAgent client = vertx.createHttpClient(
          new HttpClientOptions().setDefaultHost(host).setDefaultPort(port).setKeepAlive(true),
          new PoolOptions().setHttp1MaxSize(concurrency));
      Promise<Void> done = Promise.promise();
      String bearer = "Bearer " + key;
      vertx.runOnContext(v -> {
        for (int i = 0; i < concurrency; i++) {
          createNext(client, bearer, done);
        }
      });
      done.future().await(30, TimeUnit.MINUTES);
    } finally {
      vertx.close().await(10, TimeUnit.SECONDS);
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    System.out.printf("seeded %d links in %.1f s (%.0f/s): created %d, existed %d, failed %d%s%n",
        links, seconds, links / seconds, created, existed, failed,
        failed > 0 ? " (last: " + lastFailure + ")" : "");
    return failed == 0 ? 0 : 2;
  }

  // Runs on the single event loop only, so the counters need no synchronisation.
  private void createNext(HttpClientAgent client, String bearer, Promise<Void> done) {
    if (next >= links) {
      if (open == 0) {
        done.tryComplete();
      }
      return;
    }
    int from = next;
    int to = Math.min(links, from + batch);
    next = to;
    open++;
    JsonArray items = new JsonArray();
    for (int i = from; i < to; i++) {
      items.add(new JsonObject().put("url", url + "?i=" + i).put("slug", BenchCodes.code(i)));
    }
    Buffer body = new JsonObject().put("links", items).toBuffer();
    RequestOptions request = new RequestOptions().setMethod(HttpMethod.POST)
        .setURI("/api/v1/links/import")
        .putHeader(HttpHeaders.AUTHORIZATION, bearer)
        .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
        .setIdleTimeout(60_000);
    client.request(request)
        .compose(req -> req.send(body))
        .compose(LinkSeeder::statusAndBody)
        .onComplete(ar -> {
          open--;
          if (ar.failed()) {
            failed += to - from;
            lastFailure = String.valueOf(ar.cause());
          } else if (!ar.result().startsWith("200 ")) {
            failed += to - from;
            lastFailure = ar.result();
          } else {
            count(new JsonObject(ar.result().substring(4)).getJsonArray("results"));
          }
          if (from / Math.max(1, links / 10) != to / Math.max(1, links / 10)) {
            System.out.printf("  %d/%d%n", to, links);
          }
          createNext(client, bearer, done);
        });
  }

  private void count(JsonArray results) {
    for (int k = 0; k < results.size(); k++) {
      JsonObject result = results.getJsonObject(k);
      switch (result.getInteger("status")) {
        case 201 -> created++;
        case 409 -> existed++;
        default -> {
          failed++;
          lastFailure = result.encode();
        }
      }
    }
  }

  private static Future<String> statusAndBody(HttpClientResponse response) {
    return response.body().map(b -> response.statusCode() + " " + b.toString());
  }
}
