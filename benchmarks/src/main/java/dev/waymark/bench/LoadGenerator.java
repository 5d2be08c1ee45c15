package dev.waymark.bench;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * A loopback-only HTTP load generator for the redirect path: closed loop for maximum throughput,
 * or open loop at a constant rate with latencies counted from each request's due time (corrected
 * for coordinated omission, as wrk2 does), recorded in HdrHistograms.
 */
@Command(name = "load", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Drives GET /{code} at a loopback server and reports throughput and latency.")
public final class LoadGenerator implements Callable<Integer> {

  @Option(names = "--host", defaultValue = "127.0.0.1", description = "Loopback host only.")
  String host;

  @Option(names = "--port", required = true)
  int port;

  @Option(names = "--mode", defaultValue = "closed", description = "closed or open.")
  String mode;

  @Option(names = {"-c", "--connections"}, defaultValue = "50")
  int connections;

  @Option(names = {"-R", "--rate"}, defaultValue = "0", description = "Requests/s (open loop).")
  double rate;

  @Option(names = "--warmup", defaultValue = "5", description = "Seconds excluded from results.")
  double warmupSeconds;

  @Option(names = {"-d", "--duration"}, defaultValue = "10", description = "Measured seconds.")
  double durationSeconds;

  @Option(names = {"-n", "--requests"}, defaultValue = "0",
      description = "End after this many measured requests (0: duration only).")
  long requests;

  @Option(names = "--timeout", defaultValue = "5",
      description = "Connect time-out, and how long after the window open requests may finish.")
  double timeoutSeconds;

  @Option(names = {"-t", "--threads"}, defaultValue = "1", description = "Event loops.")
  int threads;

  @Option(names = "--codes", description = "File of codes, one a line.")
  Path codesFile;

  @Option(names = "--generate", defaultValue = "1000",
      description = "Without --codes: use the first N benchmark codes (as `seed` creates them).")
  int generate;

  @Option(names = "--zipf", defaultValue = "1.0", description = "Zipf exponent; 0 is uniform.")
  double zipf;

  @Option(names = "--sequential",
      description = "Request every code in turn (to fill the server's cache) instead of Zipf.")
  boolean sequential;

  @Option(names = "--seed", defaultValue = "42")
  long seed;

  @Option(names = "--json", description = "Also write the result as JSON to this file.")
  Path json;

  @Option(names = "--label", defaultValue = "", description = "Name carried into the JSON.")
  String label;

  public static void main(String[] args) {
    System.exit(new CommandLine(new LoadGenerator()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    List<String> codes = codesFile != null ? BenchCodes.read(codesFile) : BenchCodes.generate(generate);
    LoadPlan plan = new LoadPlan(host, port, LoadPlan.Mode.valueOf(mode.toUpperCase()), connections,
        rate, seconds(warmupSeconds), seconds(durationSeconds), requests, seconds(timeoutSeconds),
        threads, codes, zipf, sequential, seed);
    LoadResult result = run(plan);
    System.out.print(result.summary());
    String line = result.toJson().put("label", label).put("target", host + ":" + port).encode();
    if (json != null) {
      Files.writeString(json, line + System.lineSeparator());
    }
    System.out.println("RESULT " + line);
    return result.errors() == 0 ? 0 : 2;
  }

  /** Runs a plan to its end and returns what the measured window saw. */
  public static LoadResult run(LoadPlan plan) throws Exception {
    Vertx vertx = Vertx.vertx(new VertxOptions()
        .setEventLoopPoolSize(plan.threads())
        .setPreferNativeTransport(true));
    try {
      if (!vertx.isNativeTransportEnabled()) {
        // NIO rounds scheduled delays up to whole milliseconds: open-loop pacing gets coarse.
        System.err.println("warning: no native transport, open-loop pacing has 1 ms granularity");
      }
      AtomicLong budget = new AtomicLong(plan.maxRequests());
      List<LoadWorker> workers = new ArrayList<>();
      for (int i = 0; i < plan.threads(); i++) {
        LoadWorker worker = new LoadWorker(plan, i, budget);
        await(vertx.deployVerticle(worker, new DeploymentOptions()));
        workers.add(worker);
      }
      // A common start a little ahead, so every loop paces from the same instant.
      long start = System.nanoTime() + 20_000_000L;
      List<Future<Tally>> runs = new ArrayList<>();
      for (LoadWorker worker : workers) {
        runs.add(worker.run(start));
      }
      Tally total = new Tally();
      for (Future<Tally> run : runs) {
        total.add(await(run));
      }
      long measureFrom = start + plan.warmup().toNanos();
      Duration window = Duration.ofNanos(
          Math.min(plan.duration().toNanos(), Math.max(1, System.nanoTime() - measureFrom)));
      return new LoadResult(plan.mode(), plan.connections(), plan.rate(), window, total.sent,
          total.redirects, total.otherStatus, total.errors, total.missed, total.statuses,
          total.errorKinds, total.latency);
    } finally {
      vertx.close().await(10, TimeUnit.SECONDS);
    }
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get();
  }

  private static Duration seconds(double s) {
    return Duration.ofNanos((long) (s * 1e9));
  }
}
