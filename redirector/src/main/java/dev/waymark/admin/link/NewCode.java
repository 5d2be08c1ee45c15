package dev.waymark.admin.link;

import dev.waymark.admin.http.StoreCall;
import dev.waymark.link.Codes;
import dev.waymark.link.Link;
import dev.waymark.link.LinkStore;
import dev.waymark.problem.ProblemException;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
import java.util.function.Function;
import java.util.random.RandomGenerator;

/**
 * Stores a new link or touchpoint under the slug asked for (409 when it is taken), or under a
 * generated code, drawing again on a collision or a reserved word.
 */
public final class NewCode {

  /** Generated codes collide about once in 3.5 trillion; five misses in a row means something is wrong. */
  static final int ATTEMPTS = 5;

  private NewCode() {}

  /** Creates {@code linkFor.apply(code)} atomically; {@code slug} is {@code null} for a generated code. */
  public static Future<Link> create(RoutingContext ctx, LinkStore store, RandomGenerator random, String slug,
      Function<String, Link> linkFor) {
    if (slug == null) {
      return generated(ctx, store, random, linkFor, 1);
    }
    Link link = linkFor.apply(slug);
    return StoreCall.of(ctx, () -> store.create(link)).map(ok -> {
      if (!ok) {
        throw ProblemException.conflict("slug", "'" + slug + "' is already taken");
      }
      return link;
    });
  }

  private static Future<Link> generated(RoutingContext ctx, LinkStore store, RandomGenerator random,
      Function<String, Link> linkFor, int attempt) {
    if (attempt > ATTEMPTS) {
      return Future.failedFuture(ProblemException.unavailable(
          "no free code found after " + ATTEMPTS + " attempts; try again", null));
    }
    String code = Codes.generate(random);
    if (Codes.slugProblem(code) != null) {
      return generated(ctx, store, random, linkFor, attempt + 1); // a reserved word, by chance
    }
    Link link = linkFor.apply(code);
    return StoreCall.of(ctx, () -> store.create(link))
        .compose(ok -> ok ? Future.succeededFuture(link) : generated(ctx, store, random, linkFor, attempt + 1));
  }
}
