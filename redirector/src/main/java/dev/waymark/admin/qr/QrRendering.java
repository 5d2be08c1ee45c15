package dev.waymark.admin.qr;

import dev.waymark.problem.ProblemException;
import dev.waymark.qr.Logo;
import dev.waymark.qr.QrRenderer;
import dev.waymark.qr.QrSpec;
import dev.waymark.qr.QrSpecException;
import dev.waymark.qr.UnscannableQrException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Where every QR image of the admin API is rendered (a code's image, a brand's trial render, a
 * logo check): on a worker pool of its own, never on an event loop, with at most
 * {@link #MAX_PENDING} renders queued or running, and the renderer's refusals (a spec that would
 * not scan) turned into the problem the client sees.
 */
public final class QrRendering {

  /**
   * QR work waiting or running at most; past it requests get 503 with Retry-After. At 5–15 ms a
   * render that is about a second of work per core, instead of a queue that grows with every
   * request a client sends faster than the pool renders.
   */
  public static final int MAX_PENDING = 128;

  /** The two image formats a code is served in. */
  public enum Format {
    PNG("png", "image/png"), SVG("svg", "image/svg+xml");

    public final String extension;
    public final String mediaType;

    Format(String extension, String mediaType) {
      this.extension = extension;
      this.mediaType = mediaType;
    }
  }

  private final WorkerExecutor workers;
  private final QrRenderer renderer = new QrRenderer();
  private final int maxPending;
  /** QR work handed to the pool and not finished yet, queued or running. */
  private final Semaphore pending;

  public QrRendering(Vertx vertx) {
    this(vertx, MAX_PENDING);
  }

  public QrRendering(Vertx vertx, int maxPending) {
    this.maxPending = maxPending;
    this.pending = new Semaphore(maxPending);
    // Rendering takes tens of ms of CPU; a pool of one thread per core keeps a burst of QR requests
    // from starving the store's workers or the default pool.
    int threads = Math.max(2, Runtime.getRuntime().availableProcessors());
    this.workers = vertx.createSharedWorkerExecutor("waymark-qr", threads, 30, TimeUnit.SECONDS);
  }

  /**
   * Runs QR work (logo checks, rendering) on the QR pool; what the renderer refuses becomes its
   * problem, and work beyond {@link #MAX_PENDING} is refused with 503 before it queues.
   */
  public <T> Future<T> work(Callable<T> task) {
    if (!pending.tryAcquire()) {
      return Future.failedFuture(ProblemException.unavailable(
          "more than " + maxPending + " QR codes are being rendered; try again shortly", null));
    }
    return workers.executeBlocking(task, false)
        .onComplete(done -> pending.release())
        .recover(e -> Future.failedFuture(refusal(e)));
  }

  /** Renders now, on the calling thread: only ever call it inside {@link #work}. */
  public Buffer render(Format format, QrSpec spec) {
    return format == Format.PNG
        ? Buffer.buffer(renderer.png(spec))
        : Buffer.buffer(renderer.svg(spec).getBytes(StandardCharsets.UTF_8));
  }

  /** {@code spec} with {@code logo} in its middle. */
  public static QrSpec withLogo(QrSpec spec, Logo logo) {
    return new QrSpec(spec.payload(), spec.size(), spec.margin(), spec.ecc(), spec.fg(), spec.bg(), spec.eyeColor(),
        spec.moduleShape(), spec.eyeShape(), logo);
  }

  /** What the renderer refused, as the problem the client sees; anything else stays a 500. */
  private static Throwable refusal(Throwable failure) {
    if (failure instanceof UnscannableQrException e) {
      return ProblemException.unscannable(null, e.detail());
    }
    if (failure instanceof QrSpecException e) {
      // Every parameter passed its own check already: what is left is a combination that does not
      // fit (such as a size too small for this many modules).
      return ProblemException.unscannable(QrParams.param(e), e.detail());
    }
    return failure;
  }
}
