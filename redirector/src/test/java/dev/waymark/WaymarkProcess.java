package dev.waymark;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The service jar run as a child process on free loopback ports, as a user would run it. */
final class WaymarkProcess implements AutoCloseable {

  static final HttpClient HTTP = HttpClient.newBuilder()
      .followRedirects(HttpClient.Redirect.NEVER)
      .connectTimeout(Duration.ofSeconds(2))
      .build();

  final int httpPort;
  final int adminPort;
  final Path dataDir;
  final Path out;
  final Path err;
  private final Process process;

  private WaymarkProcess(Process process, int httpPort, int adminPort, Path dataDir, Path out, Path err) {
    this.process = process;
    this.httpPort = httpPort;
    this.adminPort = adminPort;
    this.dataDir = dataDir;
    this.out = out;
    this.err = err;
  }

  static Path jar() {
    String jar = System.getProperty("waymark.jar");
    if (jar == null || !Files.exists(Path.of(jar))) {
      throw new IllegalStateException("waymark.jar not built; run the ITs with 'mvn verify'");
    }
    return Path.of(jar);
  }

  /** Starts the jar with the given WAYMARK_* settings and nothing inherited from this JVM's env. */
  static WaymarkProcess start(Path dataDir, Map<String, String> env) throws IOException {
    return start(dataDir, env, freePort(), freePort());
  }

  /** As {@link #start(Path, Map)}, on given ports: a restart that a balancer must find again. */
  static WaymarkProcess start(Path dataDir, Map<String, String> env, int httpPort, int adminPort)
      throws IOException {
    Files.createDirectories(dataDir);
    Path out = Files.createTempFile(dataDir.getParent(), "waymark-", ".out");
    Path err = Files.createTempFile(dataDir.getParent(), "waymark-", ".err");
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m", "-jar",
        jar().toString()));
    ProcessBuilder builder = new ProcessBuilder(command)
        .redirectOutput(out.toFile())
        .redirectError(err.toFile());
    builder.environment().keySet().removeIf(k -> k.startsWith("WAYMARK_"));
    builder.environment().put("WAYMARK_HTTP_HOST", "127.0.0.1");
    builder.environment().put("WAYMARK_ADMIN_HOST", "127.0.0.1");
    builder.environment().put("WAYMARK_HTTP_PORT", Integer.toString(httpPort));
    builder.environment().put("WAYMARK_ADMIN_PORT", Integer.toString(adminPort));
    builder.environment().put("WAYMARK_PUBLIC_BASE_URL", "http://127.0.0.1:" + httpPort);
    builder.environment().put("WAYMARK_DATA_DIR", dataDir.toString());
    builder.environment().putAll(env);
    return new WaymarkProcess(builder.start(), httpPort, adminPort, dataDir, out, err);
  }

  /** Waits until /health/ready answers 200, or fails with the process's output. */
  WaymarkProcess awaitReady() throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new AssertionError("waymark exited with " + process.exitValue() + ":\n" + output());
      }
      try {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(admin("/health/ready"))
            .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200) {
          return this;
        }
      } catch (IOException notYet) {
        // Not listening yet.
      }
      TimeUnit.MILLISECONDS.sleep(100);
    }
    throw new AssertionError("waymark not ready within 30 s:\n" + output());
  }

  URI pub(String pathAndQuery) {
    return URI.create("http://127.0.0.1:" + httpPort + pathAndQuery);
  }

  URI admin(String pathAndQuery) {
    return URI.create("http://127.0.0.1:" + adminPort + pathAndQuery);
  }

  String stdout() throws IOException {
    return Files.readString(out);
  }

  String output() throws IOException {
    return "--- stdout\n" + Files.readString(out) + "--- stderr\n" + Files.readString(err);
  }

  /** Sends SIGTERM and returns the exit status, or -1 when it did not exit within the timeout. */
  int terminate(Duration timeout) throws InterruptedException {
    sigterm();
    return awaitExit(timeout);
  }

  /** Sends SIGTERM and returns at once, for watching what the process does while it stops. */
  void sigterm() {
    process.destroy();
  }

  /** Waits for the exit status, or -1 when it did not exit within the timeout. */
  int awaitExit(Duration timeout) throws InterruptedException {
    return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) ? process.exitValue() : -1;
  }

  /** SIGKILL, as a crash would end it: no shutdown hook, no drain. Waits until it is gone. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(10, TimeUnit.SECONDS);
  }

  boolean isAlive() {
    return process.isAlive();
  }

  @Override
  public void close() {
    try {
      if (process.isAlive()) {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
          process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    }
  }
}
