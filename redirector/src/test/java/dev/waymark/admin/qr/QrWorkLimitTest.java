package dev.waymark.admin.qr;

import static org.assertj.core.api.Assertions.assertThat;

import dev.waymark.problem.ProblemException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class QrWorkLimitTest {

  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  @Test
  void work_pastTheLimit_isRefusedWith503UntilSomethingFinishes() throws Exception {
    QrRendering qr = new QrRendering(vertx, 3);
    CountDownLatch release = new CountDownLatch(1);
    List<Future<String>> held = new ArrayList<>();
    for (int i = 0; i < 3; i++) { // more than the pool's threads: some run, the rest queue
      held.add(qr.work(() -> {
        release.await(10, TimeUnit.SECONDS);
        return "rendered";
      }));
    }

    Future<String> refused = qr.work(() -> "never run");
    assertThat(refused.failed()).isTrue();
    ProblemException problem = (ProblemException) refused.cause();
    assertThat(problem.problem().status()).isEqualTo(503);
    assertThat(problem.problem().detail()).isEqualTo("more than 3 QR codes are being rendered; try again shortly");
    assertThat(problem.headers()).containsEntry("Retry-After", "1");

    release.countDown();
    for (Future<String> f : held) {
      assertThat(f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS)).isEqualTo("rendered");
    }
    assertThat(qr.work(() -> "again").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS))
        .as("the slots are free again").isEqualTo("again");
  }
}
