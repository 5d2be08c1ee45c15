package dev.waymark.admin.link;

import dev.waymark.admin.http.StoreCall;
import dev.waymark.link.Codes;
import dev.waymark.link.Link;
import dev.waymark.link.LinkStore;
import dev.waymark.problem.ProblemException;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
import java.util.function.Supplier;

/** Reads what is stored under a code in the path; a code that cannot exist is a 404 that spares the store. */
public final class CodeLookup {

  private CodeLookup() {}

  /** The link or touchpoint stored under {@code code}, or {@code null}; {@code notFound} when it cannot be a code. */
  public static Future<Link> read(RoutingContext ctx, LinkStore store, String code,
      Supplier<ProblemException> notFound) {
    if (!Codes.isWellFormed(code, 0, code.length())) {
      return Future.failedFuture(notFound.get());
    }
    return StoreCall.of(ctx, () -> store.find(code));
  }
}
