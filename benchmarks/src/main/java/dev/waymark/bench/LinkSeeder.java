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
import io.vertx.core.json.JsonObject;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Creates the benchmark links through the admin API, the way a marketer's tooling would, with
 * many requests in flight; a link that already exists (409) counts as done, so re-runs are cheap.
 */
@Command(name = "seed", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Creates the first N benchmark codes as links via POST /api/v1/links.")
public final class LinkSeeder implements Callable<Integer> {

  @Option(names = "--host", defaultValue = "127.0.0.1", description = "Loopback host only.")
  String host;

  @Option(names = "--port", defaultValue = "8081", description = "Admin port.")
  int port;

  @Option(names = {"-n", "--links"}, required = true)
  int links;

  @Option(names = {"-c", "--concurrency"}, defaultValue = "64")
  int concurrency;

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
    int i = next++;
    open++;
    String code = BenchCodes.code(i);
    Buffer body = new JsonObject().put("url", url + "?i=" + i).put("slug", code).toBuffer();
    RequestOptions request = new RequestOptions().setMethod(HttpMethod.POST)
        .setURI("/api/v1/links")
        .putHeader(HttpHeaders.AUTHORIZATION, bearer)
        .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
        .setIdleTimeout(30_000);
    client.request(request)
        .compose(req -> req.send(body))
        .compose(LinkSeeder::statusAndBody)
        .onComplete(ar -> {
          open--;
          if (ar.failed()) {
            failed++;
            lastFailure = String.valueOf(ar.cause());
          } else if (ar.result().startsWith("201")) {
            created++;
          } else if (ar.result().startsWith("409")) {
            existed++;
          } else {
            failed++;
            lastFailure = ar.result();
          }
          if (i > 0 && i % Math.max(1, links / 10) == 0) {
            System.out.printf("  %d/%d%n", i, links);
          }
          createNext(client, bearer, done);
        });
  }

  private static Future<String> statusAndBody(HttpClientResponse response) {
    return response.body().map(b -> response.statusCode() + " " + b.toString());
  }
}
