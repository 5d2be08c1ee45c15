package dev.waymark.admin;

import dev.waymark.link.Link;
import dev.waymark.problem.ProblemException;
import dev.waymark.qr.QrRenderer;
import dev.waymark.qr.QrSpec;
import dev.waymark.qr.QrSpecException;
import dev.waymark.qr.UnscannableQrException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;

/**
 * The QR images of links and touchpoints ({@code .../{code}/qr.png|qr.svg}): they encode the
 * short URL with the {@code qr=1} marker, are rendered on a worker pool (never on the event loop)
 * and decoded again before they are served, and carry an ETag of everything that decides their
 * bytes, so a client revalidating an image it has gets a 304 without any rendering.
 */
final class QrRoutes {

  /** Bump when rendering changes the bytes of an unchanged spec, so clients drop cached images. */
  private static final String RENDERER_VERSION = "1";
  private static final String CACHE_CONTROL = "private, max-age=300";

  enum Format {
    PNG("png", "image/png"), SVG("svg", "image/svg+xml");

    final String extension;
    final String mediaType;

    Format(String extension, String mediaType) {
      this.extension = extension;
      this.mediaType = mediaType;
    }
  }

  private final URI publicBaseUrl;
  private final WorkerExecutor workers;
  private final QrRenderer renderer = new QrRenderer();

  QrRoutes(Vertx vertx, URI publicBaseUrl) {
    this.publicBaseUrl = publicBaseUrl;
    // Rendering takes tens of ms of CPU; a pool of one thread per core keeps a burst of QR requests
    // from starving the store's workers or the default pool.
    int threads = Math.max(2, Runtime.getRuntime().availableProcessors());
    this.workers = vertx.createSharedWorkerExecutor("waymark-qr", threads, 30, TimeUnit.SECONDS);
  }

  /** A handler serving the QR image of the code found by {@code find} (which answers 404s itself). */
  io.vertx.core.Handler<RoutingContext> handler(Format format,
      BiFunction<RoutingContext, String, Future<Link>> find) {
    return ctx -> serve(ctx, format, find);
  }

  private void serve(RoutingContext ctx, Format format, BiFunction<RoutingContext, String, Future<Link>> find) {
    QrParams params = QrParams.parse(ctx);
    String code = ctx.pathParam("code");
    // map, not a callback: a refused spec then fails the future instead of escaping the handler.
    find.apply(ctx, code).map(found -> params.spec(LinkView.shortUrl(publicBaseUrl, code) + "?qr=1")).onComplete(ar -> {
      if (ar.failed()) {
        ctx.fail(ar.cause());
        return;
      }
      QrSpec spec = ar.result();
      String etag = etag(format, spec, params.download());
      ctx.response()
          .putHeader(HttpHeaders.ETAG, etag)
          .putHeader(HttpHeaders.CACHE_CONTROL, CACHE_CONTROL);
      if (matches(ctx.request().getHeader(HttpHeaders.IF_NONE_MATCH), etag)) {
        ctx.response().setStatusCode(304).end();
        return;
      }
      workers.executeBlocking(() -> render(format, spec), false).onComplete(rendered -> {
        if (rendered.failed()) {
          ctx.fail(refusal(rendered.cause()));
          return;
        }
        if (params.download()) {
          ctx.response().putHeader("Content-Disposition",
              "attachment; filename=\"" + code + "." + format.extension + "\"");
        }
        ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, format.mediaType).end(rendered.result());
      });
    });
  }

  private Buffer render(Format format, QrSpec spec) {
    return format == Format.PNG
        ? Buffer.buffer(renderer.png(spec))
        : Buffer.buffer(renderer.svg(spec).getBytes(StandardCharsets.UTF_8));
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

  static String etag(Format format, QrSpec spec, boolean download) {
    String identity = RENDERER_VERSION + "|" + format + "|" + download + "|" + spec;
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(identity.getBytes(StandardCharsets.UTF_8));
      return "\"" + HexFormat.of().formatHex(digest, 0, 16) + "\"";
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JVM", e);
    }
  }

  /** RFC 9110 §13.1.2: weak comparison, a list of tags or {@code *}. */
  static boolean matches(String ifNoneMatch, String etag) {
    if (ifNoneMatch == null) {
      return false;
    }
    for (String tag : ifNoneMatch.split(",")) {
      String t = tag.strip();
      if (t.startsWith("W/")) {
        t = t.substring(2);
      }
      if (t.equals("*") || t.equals(etag)) {
        return true;
      }
    }
    return false;
  }
}
