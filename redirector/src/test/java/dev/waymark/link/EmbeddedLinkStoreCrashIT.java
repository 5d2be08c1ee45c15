package dev.waymark.link;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A process killed with SIGKILL mid-write loses no link whose create it had acknowledged. */
@Timeout(value = 60, unit = SECONDS)
class EmbeddedLinkStoreCrashIT {

  private static final int ACKS_BEFORE_KILL = 200;
  private static final String ACK = "ACK ";

  @TempDir
  Path dir;

  @Test
  void killMinus9_duringWrites_keepsEveryAcknowledgedLink() throws Exception {
    Path file = dir.resolve("links.mv");
    Process writer = new ProcessBuilder(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"),
        Writer.class.getName(), file.toString())
        .redirectError(dir.resolve("writer.log").toFile())
        .start();
    List<String> acknowledged = new ArrayList<>();
    try (BufferedReader out = new BufferedReader(
        new InputStreamReader(writer.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while (acknowledged.size() < ACKS_BEFORE_KILL && (line = out.readLine()) != null) {
        collectAck(line, acknowledged);
      }
      writer.toHandle().destroyForcibly(); // SIGKILL, and unlike Process.destroyForcibly keeps stdout readable
      assertThat(writer.waitFor(10, SECONDS)).isTrue();
      // Acknowledgements printed before the kill landed still count.
      while ((line = out.readLine()) != null) {
        collectAck(line, acknowledged);
      }
    }
    assertThat(acknowledged).hasSizeGreaterThanOrEqualTo(ACKS_BEFORE_KILL);

    Vertx vertx = Vertx.vertx();
    try {
      LinkStore store = LinkStoreContract.get(EmbeddedLinkStore.open(vertx, file));
      try {
        for (String code : acknowledged) {
          assertThat(LinkStoreContract.get(store.find(code))).as(code).isNotNull();
        }
        List<String> listed = new ArrayList<>();
        String cursor = null;
        do {
          LinkPage page = LinkStoreContract.get(store.list(new LinkQuery("crash", null, cursor,
              LinkQuery.MAX_LIMIT)));
          page.links().forEach(l -> listed.add(l.code()));
          cursor = page.nextCursor();
        } while (cursor != null);
        assertThat(listed).containsAll(acknowledged);
      } finally {
        LinkStoreContract.get(store.close());
      }
    } finally {
      LinkStoreContract.get(vertx.close());
    }
  }

  // Log lines share stdout with the acknowledgements.
  private static void collectAck(String line, List<String> acknowledged) {
    if (line.startsWith(ACK)) {
      acknowledged.add(line.substring(ACK.length()));
    }
  }

  /** The process that gets killed: creates links one after another, printing each acknowledged code. */
  public static final class Writer {
    public static void main(String[] args) throws Exception {
      Vertx vertx = Vertx.vertx();
      LinkStore store = LinkStoreContract.get(EmbeddedLinkStore.open(vertx, Path.of(args[0])));
      Instant t0 = Instant.parse("2026-11-23T10:00:00Z");
      for (int i = 0; i < 1_000_000; i++) {
        String code = "c" + i;
        Link link = new Link(code, "https://example.com/" + i, "crash", null, null, null,
            List.of("t" + (i % 3)), null, 302, null, true, t0.plusMillis(i), t0.plusMillis(i));
        if (LinkStoreContract.get(store.create(link))) {
          System.out.println(ACK + code);
          System.out.flush();
        }
      }
    }
  }
}
