package dev.waymark.bench;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Admin writes for the soak: pairs of concurrent merge-patches of different fields of one
 * benchmark link, then a read that must show both, plus a new link now and then. Every answer is
 * counted by status, and a pair whose read lacks either field counts as a lost update. Each pair
 * owns its link while it runs, so only the pair's own two patches race.
 */
@Command(name = "churn", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Concurrent admin patches against the first N benchmark links, checked for lost updates.")
public final class AdminChurn implements Callable<Integer> {

  @Option(names = "--host", defaultValue = "127.0.0.1", description = "Loopback host only.")
  String host;

  @Option(names = "--port", defaultValue = "8081", description = "Admin port.")
  int port;

  @Option(names = {"-n", "--links"}, required = true, description = "Benchmark links to patch (seeded before).")
  int links;

  @Option(names = {"-c", "--pairs"}, defaultValue = "4", description = "Patch pairs in flight.")
  int pairs;

  @Option(names = {"-d", "--duration"}, defaultValue = "60", description = "Seconds.")
  int seconds;

  @Option(names = {"-R", "--rate"}, defaultValue = "50", description = "Patch pairs a second, in all.")
  double rate;

  @Option(names = "--create-every", defaultValue = "20", description = "Create a new link every N pairs.")
  int createEvery;

  @Option(names = "--json", description = "Also write the result as JSON to this file.")
  String json;

  @Option(names = "--api-key-env", defaultValue = "WAYMARK_ADMIN_API_KEY",
      description = "Environment variable holding the API key (kept off the command line).")
  String apiKeyEnv;

  // Touched on the one event loop only.
  private final Map<String, Long> statuses = new TreeMap<>();
  private final Set<Integer> busy = new HashSet<>();
  private long pairsDone;
  private long lostUpdates;
  private long created;
  private long sequence;
  private String lastSurprise = "";

  public static void main(String[] args) {
    System.exit(new CommandLine(new AdminChurn()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    Loopback.require(host);
    String key = System.getenv(apiKeyEnv);
    if (key == null || key.isBlank()) {
      throw new CommandLine.ParameterException(new CommandLine(this), apiKeyEnv + " is not set");
    }
    Vertx vertx = Vertx.vertx();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    try {
      HttpClientAgent client = vertx.createHttpClient(
          new HttpClientOptions().setDefaultHost(host).setDefaultPort(port).setKeepAlive(true),
          new PoolOptions().setHttp1MaxSize(pairs * 2 + 1));
      Promise<Void> done = Promise.promise();
      int[] open = {pairs};
      String bearer = "Bearer " + key;
      long pauseMillis = Math.max(1, Math.round(pairs * 1000 / rate));
      vertx.runOnContext(v -> {
        for (int i = 0; i < pairs; i++) {
          loop(vertx, client, bearer, deadline, pauseMillis, () -> {
            if (--open[0] == 0) {
              done.complete();
            }
          });
        }
      });
      done.future().await(seconds + 120L, TimeUnit.SECONDS);
    } finally {
      vertx.close().await(10, TimeUnit.SECONDS);
    }
    JsonObject result = new JsonObject().put("pairs", pairsDone).put("lostUpdates", lostUpdates)
        .put("created", created).put("statuses", new JsonObject(new TreeMap<>(statuses)))
        .put("lastSurprise", lastSurprise);
    System.out.println("RESULT " + result.encode());
    if (json != null) {
      Files.writeString(Path.of(json), result.encode());
    }
    return lostUpdates == 0 ? 0 : 1;
  }

  private void loop(Vertx vertx, HttpClientAgent client, String bearer, long deadline, long pauseMillis,
      Runnable finished) {
    if (System.nanoTime() - deadline > 0) {
      finished.run();
      return;
    }
    int index;
    do {
      index = ThreadLocalRandom.current().nextInt(links);
    } while (!busy.add(index));
    int owned = index;
    String code = BenchCodes.code(index);
    long n = ++sequence;
    String campaign = "soak-" + n;
    String tag = "t" + n;
    Future<Integer> a = send(client, bearer, HttpMethod.PATCH, "/api/v1/links/" + code,
        new JsonObject().put("campaign", campaign));
    Future<Integer> b = send(client, bearer, HttpMethod.PATCH, "/api/v1/links/" + code,
        new JsonObject().put("tags", new JsonArray().add(tag)));
    Future.join(a, b)
        .compose(v -> read(client, bearer, code))
        .onComplete(ar -> {
          boolean bothApplied = a.succeeded() && a.result() == 200 && b.succeeded() && b.result() == 200;
          if (bothApplied && ar.succeeded()) {
            JsonObject link = ar.result();
            JsonArray tags = link.getJsonArray("tags", new JsonArray());
            if (!campaign.equals(link.getString("campaign")) || !tags.contains(tag)) {
              lostUpdates++;
              lastSurprise = "lost update on " + code + ": " + link.encode();
            }
          }
          busy.remove(owned);
          pairsDone++;
          Future<Void> next = pairsDone % Math.max(1, createEvery) == 0 ? create(client, bearer) : Future.succeededFuture();
          next.onComplete(x -> vertx.setTimer(pauseMillis,
              t -> loop(vertx, client, bearer, deadline, pauseMillis, finished)));
        });
  }

  private Future<Void> create(HttpClientAgent client, String bearer) {
    JsonObject body = new JsonObject().put("url", "https://example.com/soak?n=" + sequence)
        .put("campaign", "soak-new");
    return send(client, bearer, HttpMethod.POST, "/api/v1/links", body).map(status -> {
      if (status == 201) {
        created++;
      }
      return null;
    });
  }

  private Future<Integer> send(HttpClientAgent client, String bearer, HttpMethod method, String uri, JsonObject body) {
    RequestOptions request = new RequestOptions().setMethod(method).setURI(uri)
        .putHeader(HttpHeaders.AUTHORIZATION, bearer)
        .putHeader(HttpHeaders.CONTENT_TYPE, method == HttpMethod.PATCH ? "application/merge-patch+json" : "application/json")
        .setIdleTimeout(30_000);
    return client.request(request)
        .compose(req -> req.send(Buffer.buffer(body.encode())))
        .compose(resp -> resp.body().map(b -> {
          count(method + " " + resp.statusCode());
          if (resp.statusCode() >= 500) {
            lastSurprise = method + " " + uri + " " + resp.statusCode() + " " + b;
          }
          return resp.statusCode();
        }))
        .onFailure(e -> count(method + " error"));
  }

  private Future<JsonObject> read(HttpClientAgent client, String bearer, String code) {
    RequestOptions request = new RequestOptions().setMethod(HttpMethod.GET).setURI("/api/v1/links/" + code)
        .putHeader(HttpHeaders.AUTHORIZATION, bearer).setIdleTimeout(30_000);
    return client.request(request)
        .compose(req -> req.send())
        .compose(resp -> resp.body().map(b -> {
          count("GET " + resp.statusCode());
          if (resp.statusCode() != 200) {
            throw new IllegalStateException("GET " + code + " answered " + resp.statusCode());
          }
          return new JsonObject(b);
        }));
  }

  private void count(String what) {
    statuses.merge(what, 1L, Long::sum);
  }
}
