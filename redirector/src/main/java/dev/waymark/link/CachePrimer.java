package dev.waymark.link;

import io.vertx.core.Future;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fills a {@link LinkCache} from its store at start, newest links first, so that a process that
 * joins a fleet answers its first redirects from memory instead of with one store round trip per
 * code. It stops when every stored link is cached, when the cache is full, or when its time
 * budget is spent; whatever it did not cache is loaded on first use, as without it.
 *
 * <p>Pages are read one at a time through {@link LinkStore#list}. A link whose change notice
 * arrived while its page was read may be the version before the change, so it is left to be
 * loaded on use; a notice that anything may have changed (a reconnect) makes the page be read
 * again, up to {@link #PAGE_ATTEMPTS} times, and otherwise skipped: priming never caches a stale
 * link, and admin writes elsewhere in the fleet cost it only the links they touch. A store that
 * fails ends priming early, not the start. Touchpoints are not listed with links, so
 * they are loaded on first use. The future completes on the caller's context.
 */
public final class CachePrimer {

  private static final Logger LOG = LoggerFactory.getLogger(CachePrimer.class);
  static final int PAGE_ATTEMPTS = 3;
  /** Stands for "anything may have changed" among the codes told; no code can contain a NUL. */
  private static final String EVERYTHING = "\0";

  /**
   * What priming did.
   *
   * @param links links it cached, or found cached already
   * @param complete whether it read every stored link (or filled the cache); false when the
   *     budget ran out or the store failed first
   * @param took how long it ran
   */
  public record Result(long links, boolean complete, Duration took) {}

  private final LinkStore store;
  private final LinkCache cache;
  private final int pageSize;
  private final LongSupplier nanos;
  /** Codes told changed since the page being read was asked for; filled only while priming. */
  private final Set<String> changed = ConcurrentHashMap.newKeySet();
  private volatile boolean listening;

  public CachePrimer(LinkStore store, LinkCache cache) {
    this(store, cache, LinkQuery.MAX_LIMIT, System::nanoTime);
  }

  CachePrimer(LinkStore store, LinkCache cache, int pageSize, LongSupplier nanos) {
    this.store = store;
    this.cache = cache;
    this.pageSize = pageSize;
    this.nanos = nanos;
    store.onChange(code -> {
      if (listening) {
        changed.add(code == null ? EVERYTHING : code);
      }
    });
  }

  /** Primes for at most {@code budget}; zero does nothing. Never fails. */
  public Future<Result> prime(Duration budget) {
    if (budget.isZero()) {
      return Future.succeededFuture(new Result(0, false, Duration.ZERO));
    }
    Run run = new Run(nanos.getAsLong(), budget.toNanos());
    listening = true;
    return run.page(null, 1).map(complete -> run.result(complete))
        .onComplete(r -> {
          listening = false;
          changed.clear();
        })
        .recover(e -> {
          LOG.warn("event=cache_prime_failed links={} error=\"{}\"", run.primed, e.toString());
          return Future.succeededFuture(run.result(false));
        })
        .onSuccess(r -> LOG.info("event=cache_primed links={} complete={} millis={}",
            r.links(), r.complete(), r.took().toMillis()));
  }

  /** One priming pass: its start, budget and count. */
  private final class Run {
    final long started;
    final long budgetNanos;
    long primed;

    Run(long started, long budgetNanos) {
      this.started = started;
      this.budgetNanos = budgetNanos;
    }

    /** Reads the page after {@code cursor}; completes with true once nothing is left to prime. */
    Future<Boolean> page(String cursor, int attempt) {
      long left = budgetNanos - (nanos.getAsLong() - started);
      if (left <= 0) {
        return Future.succeededFuture(false);
      }
      // A notice is published after its write: one told before this clear is of a write the read sees.
      changed.clear();
      return store.list(new LinkQuery(null, null, cursor, pageSize))
          .timeout(left, TimeUnit.NANOSECONDS)
          .compose(page -> {
            if (changed.contains(EVERYTHING)) {
              if (attempt < PAGE_ATTEMPTS) {
                return page(cursor, attempt + 1);
              }
              return next(page); // left to be loaded on use
            }
            boolean full = false;
            for (Link link : page.links()) {
              if (changed.contains(link.code())) {
                continue;
              }
              if (!cache.prime(link)) {
                full = true; // the rest waits for its first use
                break;
              }
              primed++;
            }
            // A notice told during the loop may have come between the check and the put.
            for (Link link : page.links()) {
              if (changed.contains(link.code())) {
                cache.forget(link.code());
              }
            }
            return full ? Future.succeededFuture(true) : next(page);
          });
    }

    private Future<Boolean> next(LinkPage page) {
      return page.nextCursor() == null ? Future.succeededFuture(true) : page(page.nextCursor(), 1);
    }

    Result result(boolean complete) {
      return new Result(primed, complete, Duration.ofNanos(nanos.getAsLong() - started));
    }
  }
}
