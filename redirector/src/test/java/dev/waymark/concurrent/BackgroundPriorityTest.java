package dev.waymark.concurrent;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

class BackgroundPriorityTest {

  @Test
  @EnabledOnOs(OS.LINUX)
  void lowerCurrentThread_setsThatThreadsNiceTo19_andNoOtherThreads() throws Exception {
    int before = nice();
    CompletableFuture<int[]> lowered = new CompletableFuture<>();
    Thread worker = new Thread(() -> {
      try {
        int own = nice();
        BackgroundPriority.lowerCurrentThread();
        BackgroundPriority.lowerCurrentThread(); // the second call is a no-op
        lowered.complete(new int[] {own, nice()});
      } catch (Exception e) {
        lowered.completeExceptionally(e);
      }
    });
    worker.start();
    int[] nice = lowered.get(10, TimeUnit.SECONDS);
    assertThat(nice[0]).as("a new thread starts at its parent's priority").isEqualTo(before);
    assertThat(nice[1]).isEqualTo(19);
    assertThat(nice()).as("the calling thread of the test is untouched").isEqualTo(before);
  }

  /** Field 19 of the calling thread's {@code /proc/thread-self/stat}, after the name in parentheses. */
  private static int nice() throws Exception {
    String stat = Files.readString(Path.of("/proc/thread-self/stat"));
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return Integer.parseInt(fields[19 - 3]);
  }
}
