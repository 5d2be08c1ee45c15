package dev.waymark.admin.link;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.waymark.admin.http.ApiPaths;
import dev.waymark.admin.http.StoreCall;
import dev.waymark.admin.http.Violations;
import dev.waymark.link.Codes;
import dev.waymark.link.Link;
import dev.waymark.link.LinkStore;
import dev.waymark.problem.Problem;
import dev.waymark.problem.Problem.FieldError;
import dev.waymark.problem.ProblemException;
import dev.waymark.problem.ProblemType;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.random.RandomGenerator;

/**
 * {@code POST /api/v1/links/import}: creates up to {@value #MAX_LINKS} links in one request, for
 * moving a campaign's links in from a spreadsheet or another shortener. Each item is what
 * {@code POST /api/v1/links} takes and is checked by the same rules; each succeeds or fails on
 * its own, and the answer lists, in request order, the code of every link created and the precise
 * errors of every one that was not (400 invalid, 409 slug taken). The store writes a request's
 * links together (one commit of the embedded file, one pipelined burst to Redis), which is what
 * makes a million links a matter of a minute rather than of hours.
 *
 * <p>Chosen over a CLI command that writes to the store file: it works while the service runs
 * (the embedded file is locked by it), on either store, through the same key, validation and
 * cache notifications as single creates.
 */
public final class LinkImport {

  static final int MAX_LINKS = 1000;
  /** A thousand links with long URLs, UTM and tags fit; the rest of the admin API keeps 64 KiB. */
  public static final long BODY_LIMIT = 4L << 20;
  /** How much of a refused body is read and dropped before answering anyway. */
  static final long DRAIN_LIMIT = 4 * BODY_LIMIT;

  private LinkImport() {}

  /**
   * Runs before the body is read: a body over {@link #BODY_LIMIT} is refused from its
   * Content-Length with a 413 naming this endpoint's limit, and one without a length (chunked)
   * with 411, since it could not be bounded up front.
   */
  public static Handler<RoutingContext> sizeCheck() {
    return ctx -> {
      String length = ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH);
      if (length == null) {
        refuse(ctx, new ProblemException(new Problem("about:blank", "Length Required", 411,
            "send the import with a Content-Length header (at most " + BODY_LIMIT + " bytes)", null, List.of())));
        return;
      }
      long bytes;
      try {
        bytes = Long.parseLong(length.strip());
      } catch (NumberFormatException e) {
        bytes = -1;
      }
      if (bytes > BODY_LIMIT) {
        refuse(ctx, new ProblemException(Problem.of(ProblemType.PAYLOAD_TOO_LARGE, "the request body is " + bytes
            + " bytes; an import takes at most " + BODY_LIMIT + " bytes (and " + MAX_LINKS + " links)")));
        return;
      }
      ctx.next();
    };
  }

  /**
   * Answers {@code problem} once the client has finished sending (what it sends is dropped): an
   * answer sent over an unread body can be lost to the connection reset that follows. A client
   * still sending after {@link #DRAIN_LIMIT} bytes gets it at once.
   */
  private static void refuse(RoutingContext ctx, ProblemException problem) {
    HttpServerRequest request = ctx.request();
    AtomicBoolean answered = new AtomicBoolean();
    long[] drained = {0};
    Runnable answer = () -> {
      if (answered.compareAndSet(false, true)) {
        ctx.fail(problem);
      }
    };
    request.handler(chunk -> {
      drained[0] += chunk.length();
      if (drained[0] > DRAIN_LIMIT) {
        answer.run();
      }
    });
    request.endHandler(v -> answer.run());
    request.exceptionHandler(e -> answer.run());
    request.resume();
  }

  /** One item of the request: the link to create, or why it cannot be. */
  record Item(int index, LinkRequest request, List<FieldError> errors) {}

  /** The answer: counts, and one result per item in request order. */
  record Outcome(int created, int failed, List<Result> results) {}

  /** What became of one item; {@code code} and {@code shortUrl} are absent when it was invalid. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Result(int index, int status, String code, String shortUrl, List<FieldError> errors) {}

  /**
   * Reads and checks the whole request. CPU work proportional to the body (up to 4 MiB of JSON),
   * so the caller runs it on a worker thread, never on the event loop.
   */
  static List<Item> parse(ObjectNode body, Instant now, ShortUrlHosts ours) {
    Violations v = new Violations();
    for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!name.equals("links")) {
        v.add(name, "is not a known field; the body is {\"links\": [...]}");
      }
    }
    JsonNode links = body.get("links");
    if (links == null || links.isNull()) {
      v.add("links", "is required: an array of 1 to " + MAX_LINKS + " links, each as POST " + ApiPaths.LINKS
          + " takes it");
    } else if (!links.isArray()) {
      v.add("links", "must be an array of links");
    } else if (links.isEmpty()) {
      v.add("links", "must hold at least one link");
    } else if (links.size() > MAX_LINKS) {
      v.add("links", "must hold at most " + MAX_LINKS + " links, had " + links.size() + "; split the import");
    }
    v.throwIfAny();
    List<Item> items = new ArrayList<>(links.size());
    for (int i = 0; i < links.size(); i++) {
      String prefix = "links[" + i + "]";
      JsonNode node = links.get(i);
      if (!node.isObject()) {
        items.add(new Item(i, null, List.of(new FieldError(prefix, "must be a JSON object, each as POST "
            + ApiPaths.LINKS + " takes it"))));
        continue;
      }
      try {
        items.add(new Item(i, LinkRequest.parse((ObjectNode) node, now, ours), List.of()));
      } catch (ProblemException e) {
        items.add(new Item(i, null, e.problem().errors().stream()
            .map(error -> new FieldError(prefix + "." + error.field(), error.detail())).toList()));
      }
    }
    return items;
  }

  /**
   * Creates every valid item: all of them in one store call, then again for those whose generated
   * code was taken (rare), drawing new codes, up to {@link NewCode#ATTEMPTS} rounds; every link
   * created is added to {@code createdLinks}, for the audit log.
   */
  static Future<Outcome> store(RoutingContext ctx, LinkStore store, RandomGenerator random, List<Item> items,
      Instant now, URI publicBaseUrl, List<Link> createdLinks) {
    Result[] results = new Result[items.size()];
    List<Item> valid = new ArrayList<>();
    for (Item item : items) {
      if (item.request() == null) {
        results[item.index()] = new Result(item.index(), 400, null, null, item.errors());
      } else {
        valid.add(item);
      }
    }
    return round(ctx, store, random, valid, now, publicBaseUrl, results, createdLinks, 1).map(done -> {
      int created = 0;
      for (Result r : results) {
        created += r.status() == 201 ? 1 : 0;
      }
      return new Outcome(created, results.length - created, List.of(results));
    });
  }

  private static Future<Void> round(RoutingContext ctx, LinkStore store, RandomGenerator random, List<Item> pending,
      Instant now, URI publicBaseUrl, Result[] results, List<Link> created, int attempt) {
    if (pending.isEmpty()) {
      return Future.succeededFuture();
    }
    List<Link> links = new ArrayList<>(pending.size());
    for (Item item : pending) {
      String slug = item.request().slug();
      links.add(item.request().toLink(slug != null ? slug : generatedCode(random), now));
    }
    return StoreCall.of(ctx, () -> store.createAll(links)).compose(written -> {
      List<Item> again = new ArrayList<>();
      for (int k = 0; k < pending.size(); k++) {
        Item item = pending.get(k);
        String code = links.get(k).code();
        if (written.get(k)) {
          created.add(links.get(k));
          results[item.index()] = new Result(item.index(), 201, code, LinkView.shortUrl(publicBaseUrl, code), null);
        } else if (item.request().slug() != null) {
          results[item.index()] = new Result(item.index(), 409, code, null,
              List.of(new FieldError("links[" + item.index() + "].slug", "'" + code + "' is already taken")));
        } else if (attempt < NewCode.ATTEMPTS) {
          again.add(item);
        } else {
          results[item.index()] = new Result(item.index(), 503, null, null, List.of(new FieldError(
              "links[" + item.index() + "]", "no free code found after " + NewCode.ATTEMPTS + " attempts; try again")));
        }
      }
      return round(ctx, store, random, again, now, publicBaseUrl, results, created, attempt + 1);
    });
  }

  private static String generatedCode(RandomGenerator random) {
    String code;
    do {
      code = Codes.generate(random);
    } while (Codes.slugProblem(code) != null); // a reserved word, by chance
    return code;
  }
}
