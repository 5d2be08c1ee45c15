package dev.waymark.admin.qr;

import dev.waymark.admin.http.ApiPaths;
import dev.waymark.admin.http.StoreCall;
import dev.waymark.admin.link.LinkView;
import dev.waymark.brand.Brand;
import dev.waymark.brand.BrandStore;
import dev.waymark.link.Link;
import dev.waymark.problem.ProblemException;
import dev.waymark.qr.Logo;
import dev.waymark.qr.QrSpec;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.function.BiFunction;

/**
 * The QR images of links and touchpoints ({@code .../{code}/qr.png|qr.svg}): they encode the
 * short URL with the {@code qr=1} marker, are rendered on a worker pool (never on the event loop)
 * and decoded again before they are served, and carry an ETag of everything that decides their
 * bytes, so a client revalidating an image it has gets a 304 without any rendering.
 *
 * <p>With {@code brand} or {@code logo}, the brand's values fill in what the query leaves out; its
 * logo image is loaded only when the image is actually rendered, and the ETag names the logo by
 * its content hash, so changing a brand (or its logo) changes the ETag of every code it styles.
 */
public final class QrRoutes {

  /** Bump when rendering changes the bytes of an unchanged spec, so clients drop cached images. */
  private static final String RENDERER_VERSION = "2"; // 2: SVG logos rebuilt from an allow-list, ids prefixed
  private static final String CACHE_CONTROL = "private, max-age=300";

  private final URI publicBaseUrl;
  private final BrandStore brands;
  private final QrRendering rendering;

  public QrRoutes(URI publicBaseUrl, BrandStore brands, QrRendering rendering) {
    this.publicBaseUrl = publicBaseUrl;
    this.brands = brands;
    this.rendering = rendering;
  }

  /** A handler serving the QR image of the code found by {@code find} (which answers 404s itself). */
  public Handler<RoutingContext> handler(QrRendering.Format format,
      BiFunction<RoutingContext, String, Future<Link>> find) {
    return ctx -> serve(ctx, format, find);
  }

  /** What to render: the spec without its logo, and the brand whose logo goes in ({@code null}: none). */
  private record Plan(QrSpec spec, Brand logoBrand) {}

  private void serve(RoutingContext ctx, QrRendering.Format format, BiFunction<RoutingContext, String, Future<Link>> find) {
    QrParams params = QrParams.parse(ctx);
    String code = ctx.pathParam("code");
    String payload = LinkView.shortUrl(publicBaseUrl, code) + "?qr=1";
    // map, not a callback: a refused spec then fails the future instead of escaping the handler.
    Future<Plan> planned = find.apply(ctx, code)
        .compose(found -> brand(ctx, "brand", params.brand()))
        .compose(brand -> logoBrand(ctx, params, brand)
            .map(logoBrand -> plan(format, params.spec(payload, brand), logoBrand, params.logo() != null)));
    planned.onComplete(ar -> {
      if (ar.failed()) {
        ctx.fail(ar.cause());
        return;
      }
      Plan plan = ar.result();
      String etag = etag(format, plan.spec(), params.download(), plan.logoBrand() == null ? null
          : plan.logoBrand().logo().sha256() + "@" + plan.logoBrand().logoSize());
      ctx.response()
          .putHeader(HttpHeaders.ETAG, etag)
          .putHeader(HttpHeaders.CACHE_CONTROL, CACHE_CONTROL);
      if (matches(ctx.request().getHeader(HttpHeaders.IF_NONE_MATCH), etag)) {
        ctx.response().setStatusCode(304).end();
        return;
      }
      render(ctx, format, plan).onComplete(rendered -> {
        if (rendered.failed()) {
          ctx.fail(rendered.cause());
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

  /** The brand {@code param} names; {@code null} when it names none; a 400 naming {@code param} when there is no such brand. */
  Future<Brand> brand(RoutingContext ctx, String param, String name) {
    if (name == null) {
      return Future.succeededFuture();
    }
    return StoreCall.of(ctx, "brand store", () -> brands.find(name)).map(found -> {
      if (found == null) {
        throw ProblemException.invalid(param, "no brand named '" + name + "'; see GET " + ApiPaths.BRANDS);
      }
      return found;
    });
  }

  private Future<Brand> logoBrand(RoutingContext ctx, QrParams params, Brand brand) {
    String name = params.logoBrand();
    return name == null || brand != null && name.equals(brand.name())
        ? Future.succeededFuture(name == null ? null : brand)
        : brand(ctx, "logo", name);
  }

  /** Refuses a logo the output cannot carry; {@code explicit} when the logo parameter named the brand. */
  private static Plan plan(QrRendering.Format format, QrSpec spec, Brand logoBrand, boolean explicit) {
    if (logoBrand == null || logoBrand.logo() == null) {
      if (explicit && logoBrand != null) {
        throw ProblemException.invalid("logo", "brand '" + logoBrand.name() + "' has no logo; upload one with PUT "
            + ApiPaths.BRANDS + "/" + logoBrand.name() + "/logo");
      }
      return new Plan(spec, null);
    }
    if (format == QrRendering.Format.PNG && logoBrand.hasSvgLogo()) {
      throw ProblemException.unscannable("logo", "brand '" + logoBrand.name() + "' has an SVG logo, which only SVG"
          + " output can embed; use qr.svg, upload a PNG logo, or pass logo=none");
    }
    return new Plan(spec, logoBrand);
  }

  private Future<Buffer> render(RoutingContext ctx, QrRendering.Format format, Plan plan) {
    if (plan.logoBrand() == null) {
      return rendering.work(() -> rendering.render(format, plan.spec()));
    }
    Brand brand = plan.logoBrand();
    return StoreCall.of(ctx, "brand store", () -> brands.logo(brand)).compose(image -> {
      if (image == null) {
        return Future.failedFuture(ProblemException.unavailable("brand '" + brand.name()
            + "' changed while this code was rendered; try again", null));
      }
      return rendering.work(() -> rendering.render(format,
          QrRendering.withLogo(plan.spec(), Logo.of(image, brand.logoSize()))));
    });
  }

  /** {@code logo} identifies the logo's image and size ({@code null}: none); the spec's own string names only its format and size. */
  static String etag(QrRendering.Format format, QrSpec spec, boolean download, String logo) {
    String identity = RENDERER_VERSION + "|" + format + "|" + download + "|" + spec + "|" + logo;
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
