package dev.waymark.admin.http;

import dev.waymark.link.UnreadableLinkException;
import dev.waymark.problem.Problem;
import dev.waymark.problem.ProblemException;
import dev.waymark.problem.ProblemType;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A call to a store (links, brands) from an admin handler: its outcome comes back on the
 * request's own context whatever thread the store completes on, and any failure of the store,
 * thrown or in the future, becomes a 503 problem; a stored record that cannot be read, a 500.
 */
public final class StoreCall {

  private StoreCall() {}

  public static <T> Future<T> of(RoutingContext ctx, Supplier<Future<T>> call) {
    return of(ctx, "link store", call);
  }

  /** As {@link #of(RoutingContext, Supplier)}, naming {@code store} in the 503. */
  public static <T> Future<T> of(RoutingContext ctx, String store, Supplier<Future<T>> call) {
    Context context = ctx.vertx().getOrCreateContext();
    Promise<T> promise = Promise.promise();
    Future<T> future;
    try {
      future = call.get();
    } catch (RuntimeException e) {
      future = Future.failedFuture(e);
    }
    if (future == null) {
      future = Future.failedFuture(new IllegalStateException(store + " returned no future"));
    }
    future.onComplete(ar -> {
      Runnable complete = () -> {
        if (ar.succeeded()) {
          promise.complete(ar.result());
        } else if (damaged(ar.cause())) {
          // Not an outage: retrying will not help, so no 503 with Retry-After.
          promise.fail(new ProblemException(Problem.of(ProblemType.INTERNAL,
              "The " + store + " holds a record here that cannot be read; the error has been logged."),
              Map.of(), ar.cause()));
        } else {
          promise.fail(ProblemException.unavailable(store + " unavailable", ar.cause()));
        }
      };
      if (Vertx.currentContext() == context) {
        complete.run();
      } else {
        context.runOnContext(v -> complete.run());
      }
    });
    return promise.future();
  }

  private static boolean damaged(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof UnreadableLinkException) {
        return true;
      }
    }
    return false;
  }
}
