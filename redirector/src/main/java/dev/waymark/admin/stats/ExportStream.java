package dev.waymark.admin.stats;

import dev.waymark.problem.ProblemException;
import dev.waymark.stats.ExportSink;
import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One export's rows from the store (on a stats worker) to the client (on the request's context),
 * in constant memory: rows are written into chunks of about {@link #CHUNK} characters on the
 * worker, and the next chunk is made only once the response took the last one without its write
 * queue filling up (else after its drain), so a slow reader slows the store instead of growing
 * the heap. Nothing is sent until the first chunk is ready, so a store that fails before then is
 * an ordinary problem+json; after it, the connection is reset so the client sees a cut download.
 * A client that goes away makes the sink say stop; one that reads nothing for {@link #STALL}, or an
 * export past {@link #MAX_DURATION}, is cut off.
 */
final class ExportStream implements ExportSink {

  private static final Logger LOG = LoggerFactory.getLogger(ExportStream.class);
  static final int CHUNK = 32 * 1024;
  /** How long a client may leave the stream unread before the export gives up its worker. */
  static final Duration STALL = Duration.ofSeconds(60);
  /** The longest an export may run, so no client holds a stats worker indefinitely. */
  static final Duration MAX_DURATION = Duration.ofHours(1);

  private final RoutingContext ctx;
  private final Context context;
  private final ExportFormat format;
  private final String filename;
  private final String store;
  private final Clock clock;
  private final Instant deadline;
  /** One chunk may be on its way to the response at a time. */
  private final Semaphore credit = new Semaphore(1);
  private final StringBuilder pending = new StringBuilder(CHUNK + 4096);
  private volatile boolean gone;
  private boolean started; // on the request's context only
  private volatile long rows; // written by the worker only

  ExportStream(RoutingContext ctx, Context context, ExportFormat format, String filename, String store, Clock clock) {
    this.ctx = ctx;
    this.context = context;
    this.format = format;
    this.filename = filename;
    this.store = store;
    this.clock = clock;
    this.deadline = clock.instant().plus(MAX_DURATION);
    format.header(pending);
    HttpServerResponse response = ctx.response();
    response.closeHandler(v -> leave());
    response.exceptionHandler(e -> leave());
  }

  private void leave() {
    gone = true;
    credit.release(); // wakes a worker waiting to send
  }

  @Override
  public boolean accept(List<String> values) throws Exception {
    if (gone) {
      return false;
    }
    format.row(values, pending);
    rows++;
    if (pending.length() >= CHUNK) {
      if (clock.instant().isAfter(deadline)) {
        throw new TimeoutException("export ran past " + MAX_DURATION);
      }
      send();
    }
    return !gone;
  }

  /** Hands the pending text to the response once the previous chunk is taken (worker). */
  private void send() throws InterruptedException, TimeoutException {
    if (!credit.tryAcquire(STALL.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new TimeoutException("client read nothing for " + STALL);
    }
    if (gone) {
      return;
    }
    Buffer chunk = Buffer.buffer(pending.toString());
    pending.setLength(0);
    context.runOnContext(v -> write(chunk));
  }

  private void write(Buffer chunk) {
    if (gone) {
      return;
    }
    HttpServerResponse response = start();
    response.write(chunk);
    if (response.writeQueueFull()) {
      response.drainHandler(v -> credit.release());
    } else {
      credit.release();
    }
  }

  private HttpServerResponse start() {
    HttpServerResponse response = ctx.response();
    if (!started) {
      started = true;
      response.setStatusCode(200).setChunked(true)
          .putHeader("Content-Type", format.contentType)
          .putHeader("Content-Disposition", "attachment; filename=\"" + filename + "\"")
          .putHeader("Cache-Control", "no-store");
    }
    return response;
  }

  /** After the store returned (worker): the last chunk, then the end. */
  void finish() throws InterruptedException, TimeoutException {
    if (gone) {
      return;
    }
    send();
    context.runOnContext(v -> {
      if (!gone) {
        start().end();
      }
    });
  }

  /** After the store or the stream failed (worker): a problem if nothing went out yet, else a reset. */
  void fail(Throwable cause) {
    context.runOnContext(v -> {
      if (gone) {
        return;
      }
      if (!started) {
        ctx.fail(ProblemException.unavailable("the " + store + " analytics store is unavailable", cause));
        return;
      }
      LOG.warn("event=stats_export_cut store={} rows={} reason=\"{}\"", store, rows, cause.toString());
      gone = true;
      ctx.response().reset();
    });
  }
}
