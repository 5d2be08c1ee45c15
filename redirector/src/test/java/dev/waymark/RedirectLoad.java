package dev.waymark;

import static dev.waymark.WaymarkJarIT.send;

import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One thread redirecting cached codes round-robin until closed, keeping every answer other than a
 * 302: the failover tests assert that a store losing its master never reaches the redirect path.
 */
final class RedirectLoad implements AutoCloseable {

  private final AtomicBoolean running = new AtomicBoolean(true);
  private final AtomicInteger redirected = new AtomicInteger();
  private final List<String> failures = Collections.synchronizedList(new ArrayList<>());
  private final Thread thread;

  private RedirectLoad(WaymarkProcess w, List<String> codes) {
    thread = new Thread(() -> {
      for (int i = 0; running.get(); i++) {
        String code = codes.get(i % codes.size());
        try {
          int status = send(HttpRequest.newBuilder(w.pub("/" + code))).statusCode();
          if (status == 302) {
            redirected.incrementAndGet();
          } else {
            failures.add(code + ": " + status);
          }
        } catch (Exception e) {
          failures.add(code + ": " + e);
        }
      }
    }, "redirect-load");
  }

  static RedirectLoad start(WaymarkProcess w, List<String> codes) {
    RedirectLoad load = new RedirectLoad(w, codes);
    load.thread.start();
    return load;
  }

  int redirected() {
    return redirected.get();
  }

  /** Answers other than 302 so far, as {@code code: status} or {@code code: exception}. */
  List<String> failures() {
    synchronized (failures) {
      return List.copyOf(failures);
    }
  }

  @Override
  public void close() throws InterruptedException {
    running.set(false);
    thread.join(10_000);
  }
}
