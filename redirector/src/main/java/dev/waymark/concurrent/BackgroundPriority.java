package dev.waymark.concurrent;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives the calling thread the lowest CPU priority (nice 19), once per thread, for work that must
 * never take CPU from redirects: on a core shared with the event loops the kernel then runs them
 * first (a nice-0 thread outweighs a nice-19 one about 70 to 1), while on an idle core the work
 * runs at full speed. Linux only: the thread's id comes from {@code /proc/thread-self} and
 * {@code renice} sets its priority, as Java cannot; elsewhere, or when that fails, the thread keeps
 * its priority and a warning is logged once.
 */
public final class BackgroundPriority {

  private static final Logger LOG = LoggerFactory.getLogger(BackgroundPriority.class);
  private static final ThreadLocal<Boolean> LOWERED = ThreadLocal.withInitial(() -> false);
  private static final AtomicBoolean WARNED = new AtomicBoolean();

  private BackgroundPriority() {}

  /** Lowers the calling thread's priority, the first time it asks; a blocking call (runs a process). */
  public static void lowerCurrentThread() {
    if (LOWERED.get()) {
      return;
    }
    LOWERED.set(true);
    String thread = Thread.currentThread().getName();
    try {
      // /proc/<pid>/task/<tid>: the thread's own id, which setpriority(2) and so renice accept.
      String tid = Path.of("/proc/thread-self").toRealPath().getFileName().toString();
      Process renice = new ProcessBuilder("renice", "-n", "19", "-p", tid)
          .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      if (!renice.waitFor(5, TimeUnit.SECONDS)) {
        renice.destroyForcibly();
        warn(thread, "renice did not finish within 5 s");
      } else if (renice.exitValue() != 0) {
        warn(thread, "renice exited " + renice.exitValue());
      }
    } catch (IOException | UnsupportedOperationException e) {
      warn(thread, e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void warn(String thread, String why) {
    if (WARNED.compareAndSet(false, true)) {
      LOG.warn("event=background_priority_unchanged thread={} reason=\"{}\": analytics calls run at the"
          + " redirects' priority", thread, why);
    }
  }
}
