package dev.waymark.admin.brand;

import dev.waymark.admin.http.ApiPaths;
import dev.waymark.admin.http.AtomicWrites;
import dev.waymark.admin.http.ETags;
import dev.waymark.admin.http.IfMatch;
import dev.waymark.admin.http.JsonBody;
import dev.waymark.admin.http.Reply;
import dev.waymark.admin.http.StoreCall;
import dev.waymark.admin.link.LinkView;
import dev.waymark.admin.qr.QrRendering;
import dev.waymark.brand.Brand;
import dev.waymark.brand.BrandLogo;
import dev.waymark.brand.BrandStore;
import dev.waymark.concurrent.OptimisticUpdate;
import dev.waymark.problem.Problem;
import dev.waymark.problem.ProblemException;
import dev.waymark.problem.ProblemType;
import dev.waymark.qr.Logo;
import dev.waymark.qr.QrSpec;
import dev.waymark.qr.QrSpecException;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * The handlers of {@code /api/v1/brands}: brand kits and their logos. Every brand is checked
 * before it is stored by rendering a code with it (logo included) through the same renderer and
 * re-decode check as the QR endpoints, so a stored brand renders; uploads are checked for what
 * they are (PNG or SVG, bounded dimensions read before decoding, no script or external reference).
 */
public final class BrandRoutes {

  static final Set<String> LOGO_TYPES = Set.of(BrandLogo.PNG, BrandLogo.SVG);
  /**
   * The code a brand is tried on: a generated-length code on the public base URL. Longer custom
   * slugs make larger symbols, which take a logo of the same relative size just as well.
   */
  private static final String TRIAL_CODE = "aZ3kP9q";
  private static final String STORE = "brand store";

  private final BrandStore store;
  private final QrRendering qr;
  private final String trialPayload;
  private final Clock clock;
  private final AtomicWrites writes;

  public BrandRoutes(BrandStore store, QrRendering qr, URI publicBaseUrl, Clock clock, AtomicWrites writes) {
    this.store = store;
    this.writes = writes;
    this.qr = qr;
    this.trialPayload = LinkView.shortUrl(publicBaseUrl, TRIAL_CODE) + "?qr=1";
    this.clock = clock;
  }

  public void create(RoutingContext ctx) {
    BrandRequest request = BrandRequest.parse(JsonBody.object(ctx, JsonBody.JSON), null);
    Instant now = clock.instant();
    Brand brand = request.toBrand(null, now, now);
    Future<Brand> created = trial(brand, null).compose(ok -> StoreCall.of(ctx, STORE, () -> store.create(brand)))
        .map(ok -> {
          if (!ok) {
            throw ProblemException.conflict("name", "a brand named '" + brand.name() + "' exists; PUT "
                + ApiPaths.BRANDS + "/" + brand.name() + " replaces it");
          }
          return brand;
        })
        .compose(b -> writes.record(ctx, AtomicWrites.Kind.BRAND, b.name(), null, b).map(b));
    Reply.send(ctx, created.map(b -> view(201, ApiPaths.BRANDS + "/" + b.name(), b)));
  }

  /**
   * Creates the brand (201) or replaces its settings (200); an uploaded logo is kept. The new
   * settings replace the brand as it is when written, never a stale copy (see {@link AtomicWrites}).
   */
  public void put(RoutingContext ctx) {
    String name = ctx.pathParam("name");
    String problem = Brand.nameProblem(name);
    if (problem != null) {
      throw ProblemException.invalid("name", problem);
    }
    IfMatch ifMatch = IfMatch.of(ctx);
    BrandRequest request = BrandRequest.parse(JsonBody.object(ctx, JsonBody.JSON), name);
    Instant now = clock.instant();
    AtomicBoolean created = new AtomicBoolean();
    Future<Brand> written = writes.apply(ctx, AtomicWrites.Kind.BRAND, name, "brand '" + name + "'",
        () -> StoreCall.of(ctx, STORE, () -> store.find(name)),
        current -> {
          ifMatch.check(current == null ? null : ETags.of(current), "brand '" + name + "'");
          created.set(current == null);
          if (current == null) {
            Brand brand = request.toBrand(null, now, now);
            return trial(brand, null).map(brand);
          }
          Brand next = request.toBrand(current.logo(), current.createdAt(), now);
          Future<byte[]> image = current.logo() == null ? Future.succeededFuture()
              : StoreCall.of(ctx, STORE, () -> store.logo(current));
          return image.compose(logo -> trial(next, logo)).map(next);
        },
        (expected, next) -> StoreCall.of(ctx, STORE,
            () -> expected == null ? store.create(next) : store.replace(expected, next)));
    Reply.send(ctx, written.map(b -> created.get() ? view(201, ApiPaths.BRANDS + "/" + name, b) : view(200, null, b)));
  }

  public void get(RoutingContext ctx) {
    Reply.send(ctx, find(ctx).map(brand -> view(200, null, brand)));
  }

  public void list(RoutingContext ctx) {
    Reply.send(ctx, StoreCall.of(ctx, STORE, store::list)
        .map(brands -> new Reply(200, null, Reply.json(BrandView.Page.of(brands)))));
  }

  public void delete(RoutingContext ctx) {
    IfMatch ifMatch = IfMatch.of(ctx);
    Future<Brand> deleted = write(ctx, ifMatch, brand -> Future.succeededFuture(null),
        (expected, next) -> StoreCall.of(ctx, STORE, () -> store.delete(expected)));
    Reply.send(ctx, deleted.map(none -> new Reply(204, null, null)));
  }

  /**
   * Before the body is read: the image must be declared as PNG or SVG, with a Content-Length
   * within {@link Logo#MAX_BYTES}, so an oversized upload is refused without being received.
   */
  public static void checkLogoUpload(RoutingContext ctx) {
    String type = mediaType(ctx);
    if (type == null || !LOGO_TYPES.contains(type)) {
      throw new ProblemException(Problem.of(ProblemType.UNSUPPORTED_MEDIA_TYPE,
          "Content-Type must be image/png or image/svg+xml" + (type == null ? "; none was sent" : ", was " + type)));
    }
    String length = ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH);
    if (length == null) {
      throw new ProblemException(new Problem("about:blank", "Length Required", 411,
          "send the image with a Content-Length (curl --data-binary @logo.png does)", null, List.of()));
    }
    long bytes;
    try {
      bytes = Long.parseLong(length.strip());
    } catch (NumberFormatException e) {
      throw ProblemException.invalid("Content-Length", "is not a number");
    }
    if (bytes > Logo.MAX_BYTES) {
      throw new ProblemException(Problem.of(ProblemType.PAYLOAD_TOO_LARGE,
          "the logo is " + bytes + " bytes; at most " + Logo.MAX_BYTES + " (1 MiB) are accepted"));
    }
    ctx.next();
  }

  /** Checks the uploaded image, tries the brand with it, and stores both together. */
  public void putLogo(RoutingContext ctx) {
    String type = mediaType(ctx);
    IfMatch ifMatch = IfMatch.of(ctx);
    Buffer body = ctx.body().buffer();
    byte[] upload = body == null ? new byte[0] : body.getBytes();
    Instant now = clock.instant();
    // The image checked for the brand as last read; attempts run one after another, so the swap
    // of an attempt always stores the image its own change checked.
    AtomicReference<byte[]> checked = new AtomicReference<>();
    Future<Brand> stored = write(ctx, ifMatch, brand -> qr.work(() -> {
      Logo logo = uploaded(upload, type, brand.logoSize());
      Brand next = brand.withLogo(BrandLogo.of(logo), now);
      qr.render(format(next), QrRendering.withLogo(next.applyTo(QrSpec.builder(trialPayload)).build(), logo));
      // What is stored is the checked image: the PNG reduced to its image chunks, the SVG sanitised.
      checked.set(logo.content());
      return next;
    }), (expected, next) -> StoreCall.of(ctx, STORE, () -> store.replaceLogo(expected, next, checked.get())));
    Reply.send(ctx, stored.map(b -> view(200, null, b)));
  }

  public void getLogo(RoutingContext ctx) {
    String name = ctx.pathParam("name");
    find(ctx).compose(brand -> {
      if (brand.logo() == null) {
        throw noLogo(name);
      }
      return StoreCall.of(ctx, STORE, () -> store.logo(brand)).map(image -> {
        if (image == null) {
          // The store answered: this is a concurrent change, not an outage.
          throw ProblemException.contended("brand '" + name + "' changed while its logo was read; try again");
        }
        return new LogoImage(brand, image);
      });
    }).onComplete(ar -> {
      if (ar.failed()) {
        ctx.fail(ar.cause());
        return;
      }
      LogoImage logo = ar.result();
      ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, logo.brand().logo().mediaType())
          .putHeader(HttpHeaders.ETAG, "\"" + logo.brand().logo().sha256() + "\"")
          .putHeader(HttpHeaders.CACHE_CONTROL, "no-cache")
          .end(Buffer.buffer(logo.image()));
    });
  }

  public void deleteLogo(RoutingContext ctx) {
    String name = ctx.pathParam("name");
    IfMatch ifMatch = IfMatch.of(ctx);
    Instant now = clock.instant();
    Future<Brand> removed = write(ctx, ifMatch, brand -> {
      if (brand.logo() == null) {
        throw noLogo(name);
      }
      return Future.succeededFuture(brand.withLogo(null, now));
    }, (expected, next) -> StoreCall.of(ctx, STORE, () -> store.replaceLogo(expected, next, null)));
    Reply.send(ctx, removed.map(b -> new Reply(204, null, null)));
  }

  /**
   * Changes the existing brand named in the path by compare-and-set (404 when there is none, 412
   * when {@code ifMatch} does not hold); {@code change} gives the next brand, {@code null} to delete.
   */
  private Future<Brand> write(RoutingContext ctx, IfMatch ifMatch, Function<Brand, Future<Brand>> change,
      OptimisticUpdate.Swap<Brand> swap) {
    String name = ctx.pathParam("name");
    if (Brand.nameProblem(name) != null) {
      return Future.failedFuture(notFound(name));
    }
    return writes.apply(ctx, AtomicWrites.Kind.BRAND, name, "brand '" + name + "'",
        () -> StoreCall.of(ctx, STORE, () -> store.find(name)),
        current -> {
          if (current == null) {
            throw notFound(name);
          }
          ifMatch.check(ETags.of(current), "brand '" + name + "'");
          return change.apply(current);
        }, swap);
  }

  private static Reply view(int status, String location, Brand brand) {
    return new Reply(status, location, Reply.json(BrandView.of(brand)), ETags.of(brand));
  }

  /** A brand and its logo image, as stored together. */
  private record LogoImage(Brand brand, byte[] image) {}

  /** The brand named in the path; a name that cannot be a brand's is a 404 like any unknown one. */
  private Future<Brand> find(RoutingContext ctx) {
    String name = ctx.pathParam("name");
    if (Brand.nameProblem(name) != null) {
      return Future.failedFuture(notFound(name));
    }
    return StoreCall.of(ctx, STORE, () -> store.find(name)).map(found -> {
      if (found == null) {
        throw notFound(name);
      }
      return found;
    });
  }

  /** Renders a code with {@code brand} (and its logo image, if any) on the QR pool; its refusals become 422s. */
  private Future<Void> trial(Brand brand, byte[] logoImage) {
    return qr.work(() -> {
      QrSpec spec = brand.applyTo(QrSpec.builder(trialPayload)).build();
      qr.render(format(brand), logoImage == null ? spec : QrRendering.withLogo(spec, Logo.of(logoImage, brand.logoSize())));
      return null;
    });
  }

  /** PNG is the stricter check (whole pixels per module); an SVG logo can only be tried in SVG. */
  private static QrRendering.Format format(Brand brand) {
    return brand.hasSvgLogo() ? QrRendering.Format.SVG : QrRendering.Format.PNG;
  }

  /** The checked logo: 400 naming {@code logo} when the upload is not a safe PNG or SVG, or not what it was sent as. */
  private static Logo uploaded(byte[] upload, String declaredType, double logoSize) {
    Logo logo;
    try {
      logo = Logo.of(upload, logoSize);
    } catch (QrSpecException e) {
      throw ProblemException.invalid("logo", e.detail());
    }
    String actual = logo.format() == Logo.Format.PNG ? BrandLogo.PNG : BrandLogo.SVG;
    if (!actual.equals(declaredType)) {
      throw ProblemException.invalid("logo", "is " + (logo.format() == Logo.Format.PNG ? "a PNG" : "an SVG")
          + " image but was sent as " + declaredType);
    }
    return logo;
  }

  private static String mediaType(RoutingContext ctx) {
    String contentType = ctx.request().getHeader(HttpHeaders.CONTENT_TYPE);
    return contentType == null ? null : contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
  }

  static ProblemException notFound(String name) {
    return ProblemException.notFound("no brand named '" + name + "'");
  }

  private static ProblemException noLogo(String name) {
    return ProblemException.notFound("brand '" + name + "' has no logo; upload one with PUT " + ApiPaths.BRANDS + "/"
        + name + "/logo");
  }
}
