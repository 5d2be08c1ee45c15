package dev.waymark.bench;

import io.netty.channel.EventLoop;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpConnectOptions;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.internal.ContextInternal;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Drives one event loop's share of the connections and of the rate, never more than one
 * request in flight per connection (no pipelining), and tallies what was sent inside the
 * measured window.
 */
final class LoadWorker extends VerticleBase {

  /** Shortest open-loop pacing delay; see {@link #pump()}. */
  static final long TICK_NANOS = 100_000;

  private final LoadPlan plan;
  private final int connections;
  private final double intervalNanos;
  private final long phaseNanos;
  private final RequestMix mix;
  private final AtomicLong measuredBudget;
  private final Tally tally = new Tally();
  private final Promise<Tally> done = Promise.promise();

  private final ArrayDeque<Lane> idle = new ArrayDeque<>();
  private HttpClientAgent client;
  private HttpConnectOptions connectOptions;
  private EventLoop eventLoop;
  private long startNanos;
  private long measureFrom;
  private long measureUntil;
  private long next;
  private int inFlight;
  private boolean timerArmed;
  private boolean stopped;

  /**
   * @param share this worker's index among {@code plan.threads()}
   * @param measuredBudget measured requests left to send across all workers, when bounded
   */
  LoadWorker(LoadPlan plan, int share, AtomicLong measuredBudget) {
    this.plan = plan;
    int threads = plan.threads();
    this.connections = plan.connections() / threads + (share < plan.connections() % threads ? 1 : 0);
    double rate = plan.rate() / threads;
    this.intervalNanos = plan.mode() == LoadPlan.Mode.OPEN ? 1e9 / rate : 0;
    // Workers interleave their schedules instead of all firing at the same instants.
    this.phaseNanos = (long) (intervalNanos * share / threads);
    this.mix = new RequestMix(plan.codes(), plan.zipfExponent(),
        new SplittableRandom(plan.seed() + share), share, plan.sequential() ? threads : 0);
    this.measuredBudget = measuredBudget;
  }

  @Override
  public Future<?> start() {
    HttpClientOptions options = new HttpClientOptions()
        .setDefaultHost(plan.host())
        .setDefaultPort(plan.port())
        .setKeepAlive(true)
        .setPipelining(false)
        .setTcpNoDelay(true)
        .setConnectTimeout((int) plan.timeout().toMillis());
    client = vertx.createHttpClient(options, new PoolOptions().setHttp1MaxSize(connections));
    eventLoop = ((ContextInternal) context).nettyEventLoop();
    // Each connection is held and used directly: going through the pool for every request
    // costs the generator more than the server spends answering it.
    connectOptions = new HttpConnectOptions().setHost(plan.host()).setPort(plan.port())
        .setConnectTimeout(plan.timeout().toMillis());
    List<Future<Lane>> opened = new ArrayList<>();
    for (int i = 0; i < connections; i++) {
      opened.add(Lane.open(client, connectOptions).onSuccess(idle::add));
    }
    return Future.all(opened);
  }

  @Override
  public Future<?> stop() {
    return client.close();
  }

  /** Starts sending at {@code startNanos} (a {@link System#nanoTime()} value) and tallies. */
  Future<Tally> run(long startNanos) {
    context.runOnContext(v -> begin(startNanos));
    return done.future();
  }

  private void begin(long start) {
    startNanos = start;
    measureFrom = start + plan.warmup().toNanos();
    measureUntil = measureFrom + plan.duration().toNanos();
    // A last resort if the server stops answering: requests still open then count as errors.
    long guardMillis = (measureUntil - System.nanoTime()) / 1_000_000 + plan.timeout().toMillis() + 1000;
    vertx.setTimer(Math.max(1, guardMillis), id -> finish());
    if (plan.mode() == LoadPlan.Mode.CLOSED) {
      for (int i = 0; i < connections && !stopped; i++) {
        sendIfAllowed(System.nanoTime());
      }
    } else {
      pump();
    }
  }

  /** Open loop: sends every request that is due while a connection is free. */
  private void pump() {
    timerArmed = false;
    long now = System.nanoTime();
    if (now >= measureUntil) {
      stopSending(true);
      return;
    }
    while (!idle.isEmpty() && !stopped) {
      long due = dueTime(next);
      if (due < measureFrom && now >= measureFrom) {
        // Warm-up requests still unsent when the window opens (a cold generator or server fell
        // behind): drop them, or their backlog would be charged to the measured requests. At
        // least one step: rounding can put indexAt(measureFrom) a nanosecond before the window.
        next = Math.max(next + 1, indexAt(measureFrom));
        continue;
      }
      if (due >= measureUntil) {
        stopSending(false);
        break;
      }
      if (due > now) {
        // Nanosecond delay on Netty's loop: with the epoll transport this is a timerfd, not the
        // millisecond tick of Vert.x timers, which would add up to 1 ms to every latency. Not
        // sooner than a tick from now, though: a timer per request halves what the generator
        // can send. A request sent up to a tick late is charged that lateness, as it should be.
        timerArmed = true;
        eventLoop.schedule(this::pump, Math.max(due - now, TICK_NANOS), TimeUnit.NANOSECONDS);
        break;
      }
      if (!claim(due)) {
        break;
      }
      next++;
      send(due);
    }
  }

  /** The first request index due at or after {@code nanos}. */
  private long indexAt(long nanos) {
    return (long) Math.ceil((nanos - startNanos - phaseNanos) / intervalNanos);
  }

  private long dueTime(long index) {
    return startNanos + phaseNanos + (long) (index * intervalNanos);
  }

  /** Closed loop: the connection goes straight on with its next request. */
  private void sendIfAllowed(long now) {
    if (now >= measureUntil) {
      stopSending(false);
      return;
    }
    if (claim(now)) {
      send(now);
    }
  }

  /** Takes a measured request out of the budget; false (and stop) when it is spent. */
  private boolean claim(long intended) {
    if (intended >= measureFrom && plan.maxRequests() > 0 && measuredBudget.decrementAndGet() < 0) {
      stopSending(false);
      return false;
    }
    return true;
  }

  private void send(long intended) {
    Lane lane = idle.poll();
    inFlight++;
    boolean measured = intended >= measureFrom;
    if (measured) {
      tally.sent++;
    }
    RequestOptions request = new RequestOptions()
        .setMethod(HttpMethod.GET)
        .setURI(mix.nextPath())
        .putHeader(HttpHeaders.USER_AGENT, mix.nextUserAgent());
    // No per-request time-out: it costs a timer per request, a fifth of the generator's CPU. A
    // request still unanswered when the run ends is counted as an error by finish().
    lane.connection().request(request)
        .compose(HttpClientRequest::send)
        .compose(LoadWorker::drain)
        .onComplete(ar -> complete(lane, intended, measured, ar));
  }

  /** An answer, and whether the server said it closes the connection after it. */
  private record Answer(int status, boolean closing) {}

  private static Future<Answer> drain(HttpClientResponse response) {
    // Read before the close event arrives, which may be after this request completes.
    String connection = response.getHeader(HttpHeaders.CONNECTION);
    Answer answer = new Answer(response.statusCode(),
        connection != null && connection.equalsIgnoreCase("close"));
    return response.end().map(answer);
  }

  private void complete(Lane lane, long intended, boolean measured, AsyncResult<Answer> ar) {
    long now = System.nanoTime();
    if (measured && !done.future().isComplete()) {
      if (ar.succeeded()) {
        tally.answered(ar.result().status(), now - intended);
      } else {
        tally.failed(ar.cause());
      }
    }
    if ((ar.failed() || ar.result().closing() || lane.isClosed()) && !stopped) {
      // A fresh connection takes the old one's place before the lane goes on; if none can be
      // opened the lane is lost, and the run goes on with the others.
      lane.reconnect().onComplete(c -> release(lane, c.succeeded()));
    } else {
      release(lane, true);
    }
  }

  private void release(Lane lane, boolean usable) {
    inFlight--;
    if (usable) {
      idle.add(lane);
    }
    if (stopped) {
      if (inFlight == 0) {
        finish();
      }
    } else if (!usable) {
      return;
    } else if (plan.mode() == LoadPlan.Mode.CLOSED) {
      sendIfAllowed(System.nanoTime());
    } else if (!timerArmed) {
      pump();
    }
  }

  /** @param late the window closed while requests were still due: count those as missed */
  private void stopSending(boolean late) {
    if (stopped) {
      return;
    }
    stopped = true;
    if (late && plan.mode() == LoadPlan.Mode.OPEN) {
      // Due inside the window but never sent because every connection was busy: the rate was
      // not sustained. Counted, not hidden.
      long firstMeasured = Math.max(next, indexAt(measureFrom));
      tally.missed = Math.max(0, indexAt(measureUntil) - firstMeasured);
    }
    if (inFlight == 0) {
      finish();
    }
  }

  private void finish() {
    if (done.future().isComplete()) {
      return;
    }
    stopped = true;
    for (int i = 0; i < inFlight; i++) {
      tally.failed(new UnansweredException());
    }
    done.complete(tally);
  }

  /** A request still open when the run had to end. */
  private static final class UnansweredException extends Exception {
    UnansweredException() {
      super("no answer before the end of the run", null, false, false);
    }
  }
}
