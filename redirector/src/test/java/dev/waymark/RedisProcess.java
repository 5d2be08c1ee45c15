package dev.waymark;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A throw-away redis-server child process on a free loopback port, for tests that need a Redis of
 * their own (one they can stop). The shared test Redis comes from {@code scripts/services.sh}.
 */
final class RedisProcess implements AutoCloseable {

  private final Process process;
  private final int port;

  private RedisProcess(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  static RedisProcess start() throws Exception {
    int port = WaymarkProcess.freePort();
    Process p = new ProcessBuilder("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1",
        "--save", "", "--appendonly", "no")
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      try (Socket s = new Socket("127.0.0.1", port)) {
        return new RedisProcess(p, port);
      } catch (IOException notYet) {
        TimeUnit.MILLISECONDS.sleep(20);
      }
    }
    p.destroyForcibly();
    throw new IllegalStateException("redis-server did not start on port " + port
        + " (is it installed? scripts/services.sh start installs it)");
  }

  String url() {
    return "redis://127.0.0.1:" + port + "/0";
  }

  int port() {
    return port;
  }

  /** One redis-cli command's output, {@code ""} when the server does not answer. */
  /** Kills every process of a test's own Redis setup, then waits a little for each to go. */
  static void stopAll(List<Process> processes) throws InterruptedException {
    for (Process p : processes) {
      p.destroyForcibly();
    }
    for (Process p : processes) {
      p.waitFor(5, java.util.concurrent.TimeUnit.SECONDS);
    }
  }

  static String cli(int port, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("redis-cli", "-p", Integer.toString(port)));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    return p.waitFor(5, TimeUnit.SECONDS) && p.exitValue() == 0 ? out : "";
  }

  @Override
  public void close() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(5, TimeUnit.SECONDS);
  }
}
