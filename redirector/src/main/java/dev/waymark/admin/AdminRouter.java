package dev.waymark.admin;

import dev.waymark.admin.audit.AuditRoutes;
import dev.waymark.admin.brand.BrandRoutes;
import dev.waymark.admin.brand.BrandView;
import dev.waymark.admin.campaign.CampaignRoutes;
import dev.waymark.admin.campaign.CampaignView;
import dev.waymark.admin.conversion.ConversionRoutes;
import dev.waymark.admin.http.ApiPaths;
import dev.waymark.admin.http.AtomicWrites;
import dev.waymark.admin.key.KeyRoutes;
import dev.waymark.admin.link.LinkImport;
import dev.waymark.admin.link.LinkRoutes;
import dev.waymark.admin.link.LinkView;
import dev.waymark.admin.link.ShortUrlHosts;
import dev.waymark.admin.qr.QrRendering;
import dev.waymark.admin.qr.QrRoutes;
import dev.waymark.admin.stats.StatsQueries;
import dev.waymark.admin.stats.StatsRoutes;
import dev.waymark.admin.touchpoint.TouchpointRoutes;
import dev.waymark.admin.touchpoint.TouchpointView;
import dev.waymark.audit.AuditLog;
import dev.waymark.audit.AuditRecorder;
import dev.waymark.brand.Brand;
import dev.waymark.brand.BrandStore;
import dev.waymark.campaign.Campaign;
import dev.waymark.campaign.CampaignStore;
import dev.waymark.conversion.ConversionStore;
import dev.waymark.key.AuthenticatedKey;
import dev.waymark.key.KeyAuthenticator;
import dev.waymark.key.KeyStore;
import dev.waymark.key.Scope;
import dev.waymark.link.Link;
import dev.waymark.link.LinkStore;
import dev.waymark.problem.ProblemException;
import dev.waymark.problem.ProblemHandler;
import dev.waymark.qr.Logo;
import dev.waymark.stats.StatsStore;
import dev.waymark.touchpoint.Touchpoint;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import java.util.random.RandomGenerator;
import java.util.regex.Pattern;

/**
 * The admin port's router: health without a key, everything else behind an API key, each endpoint
 * with the {@link Access} (scope) it declares where it is registered, and every failure (including
 * unknown paths and wrong methods) answered as {@code application/problem+json}. Every route it
 * registers is documented in {@code openapi.yaml}; {@code OpenApiContractTest} holds the two to
 * each other.
 */
public final class AdminRouter {

  /** Request bodies above this are refused with 413 before they are parsed (conversions have a limit of their own). */
  public static final long BODY_LIMIT = 64 * 1024;
  /** Routes whose name starts with this run before the endpoints (auth, body reading) and answer nothing themselves. */
  public static final String MIDDLEWARE = "middleware:";
  /** Route metadata key holding an endpoint's path template, such as {@code /api/v1/links/:code}. */
  public static final String TEMPLATE = "waymark.template";
  /** Route metadata key holding an endpoint's {@link Access}; every endpoint has one. */
  public static final String ACCESS = "waymark.access";
  static final String OPENAPI_RESOURCE = "/openapi.yaml";

  /**
   * What the admin routes need from the rest of the service; all required.
   *
   * @param campaigns campaign settings, whose changes every instance's link cache follows by itself
   * @param shortUrlHosts where short URLs are served, which no link may lead back to
   * @param auditLog where admin changes are read from ({@code GET /api/v1/audit})
   * @param audit records every admin change into {@code auditLog}
   * @param stats the analytics store stats are asked of; gives {@code null} while there is none
   *     (tracking off, or the store not started yet), which the stats endpoints answer with 503
   * @param conversions where conversions are recorded; {@code null} while there is none, as for
   *     {@code stats}, answered with 503
   */
  public record Deps(LinkStore store, BrandStore brands, CampaignStore campaigns, KeyStore keys, ApiKey apiKey,
                     URI publicBaseUrl, Clock clock,
                     RandomGenerator random, Handler<RoutingContext> liveness, Handler<RoutingContext> readiness,
                     Handler<RoutingContext> metrics, MeterRegistry registry, ShortUrlHosts shortUrlHosts,
                     AuditLog auditLog, AuditRecorder audit, Supplier<StatsStore> stats,
                     Supplier<ConversionStore> conversions) {

    public Deps {
      Objects.requireNonNull(conversions, "conversions");
      Objects.requireNonNull(stats, "stats");
      Objects.requireNonNull(auditLog, "auditLog");
      Objects.requireNonNull(audit, "audit");
      Objects.requireNonNull(registry, "registry");
      Objects.requireNonNull(store, "store");
      Objects.requireNonNull(brands, "brands");
      Objects.requireNonNull(campaigns, "campaigns");
      Objects.requireNonNull(keys, "keys");
      Objects.requireNonNull(apiKey, "apiKey");
      Objects.requireNonNull(publicBaseUrl, "publicBaseUrl");
      Objects.requireNonNull(clock, "clock");
      Objects.requireNonNull(random, "random");
      Objects.requireNonNull(liveness, "liveness");
      Objects.requireNonNull(readiness, "readiness");
      Objects.requireNonNull(metrics, "metrics");
      Objects.requireNonNull(shortUrlHosts, "shortUrlHosts");
    }
  }

  private AdminRouter() {}

  /** Builds the router; reads the bundled OpenAPI document once, so call it at start-up, not on an event loop. */
  public static Router create(Vertx vertx, Deps deps) {
    return create(vertx, deps, new AuthThrottle(deps.clock()));
  }

  /** As {@link #create(Vertx, Deps)}, failed authentications limited by {@code throttle}. */
  public static Router create(Vertx vertx, Deps deps, AuthThrottle throttle) {
    Router router = Router.router(vertx);
    new ProblemHandler(ctx -> allowedMethods(router, ctx.normalizedPath()),
        ctx -> ConversionRoutes.PATH.equals(ctx.normalizedPath()) ? ConversionRoutes.BODY_LIMIT : BODY_LIMIT)
        .install(router);

    endpoint(router, HttpMethod.GET, "/health/live", Access.NONE).handler(deps.liveness());
    endpoint(router, HttpMethod.GET, "/health/ready", Access.NONE).handler(deps.readiness());

    KeyAuthenticator keyAuth = new KeyAuthenticator(deps.keys(), deps.clock());
    BearerAuthHandler auth = new BearerAuthHandler(deps.apiKey(), keyAuth, throttle);
    router.route("/metrics").setName(MIDDLEWARE + "auth").handler(auth);
    endpoint(router, HttpMethod.GET, "/metrics", Access.of(Scope.STATS_READ)).handler(deps.metrics());
    router.route("/api/*").setName(MIDDLEWARE + "auth").handler(auth);

    Buffer openApi = loadOpenApi();
    endpoint(router, HttpMethod.GET, "/api/v1/openapi.yaml", Access.ANY_KEY).handler(ctx -> ctx.response()
        .putHeader("Content-Type", "application/yaml")
        .end(openApi));

    BodyHandler body = BodyHandler.create(false).setBodyLimit(BODY_LIMIT);
    // Links, touchpoints, their QR codes and brands: reading needs links:read, changing links:write.
    Access read = Access.of(Scope.LINKS_READ);
    Access write = Access.of(Scope.LINKS_WRITE);
    AtomicWrites writes = new AtomicWrites(vertx, deps.registry(), deps.audit(), auditView(deps.publicBaseUrl()));
    LinkRoutes links = new LinkRoutes(deps.store(), deps.publicBaseUrl(), deps.clock(), deps.random(), writes,
        deps.shortUrlHosts());
    String link = ApiPaths.LINKS + "/:code";
    endpoint(router, HttpMethod.POST, ApiPaths.LINKS, write).handler(body).handler(links::create);
    endpoint(router, HttpMethod.GET, ApiPaths.LINKS, read).handler(links::list);
    endpoint(router, HttpMethod.POST, ApiPaths.LINKS_IMPORT, write, "import-size", LinkImport.sizeCheck())
        .handler(BodyHandler.create(false).setBodyLimit(LinkImport.BODY_LIMIT)).handler(links::importLinks);
    endpoint(router, HttpMethod.GET, link, read).handler(links::get);
    endpoint(router, HttpMethod.PATCH, link, write).handler(body).handler(links::patch);
    endpoint(router, HttpMethod.DELETE, link, write).handler(links::delete);

    TouchpointRoutes touchpoints = new TouchpointRoutes(deps.store(), deps.publicBaseUrl(), deps.clock(),
        deps.random(), writes, deps.shortUrlHosts());
    String touchpoint = ApiPaths.TOUCHPOINTS + "/:code";
    endpoint(router, HttpMethod.POST, link + "/touchpoints", write).handler(body).handler(touchpoints::create);
    endpoint(router, HttpMethod.GET, link + "/touchpoints", read).handler(touchpoints::list);
    endpoint(router, HttpMethod.GET, touchpoint, read).handler(touchpoints::get);
    endpoint(router, HttpMethod.PATCH, touchpoint, write).handler(body).handler(touchpoints::patch);
    endpoint(router, HttpMethod.DELETE, touchpoint, write).handler(touchpoints::delete);

    QrRendering rendering = new QrRendering(vertx);
    QrRoutes qr = new QrRoutes(deps.publicBaseUrl(), deps.brands(), rendering);
    endpoint(router, HttpMethod.GET, link + "/qr.png", read).handler(qr.handler(QrRendering.Format.PNG, links::find));
    endpoint(router, HttpMethod.GET, link + "/qr.svg", read).handler(qr.handler(QrRendering.Format.SVG, links::find));
    endpoint(router, HttpMethod.GET, touchpoint + "/qr.png", read).handler(qr.handler(QrRendering.Format.PNG, touchpoints::find));
    endpoint(router, HttpMethod.GET, touchpoint + "/qr.svg", read).handler(qr.handler(QrRendering.Format.SVG, touchpoints::find));

    BrandRoutes brands = new BrandRoutes(deps.brands(), rendering, deps.publicBaseUrl(), deps.clock(), writes);
    String brand = ApiPaths.BRANDS + "/:name";
    endpoint(router, HttpMethod.POST, ApiPaths.BRANDS, write).handler(body).handler(brands::create);
    endpoint(router, HttpMethod.GET, ApiPaths.BRANDS, read).handler(brands::list);
    endpoint(router, HttpMethod.GET, brand, read).handler(brands::get);
    endpoint(router, HttpMethod.PUT, brand, write).handler(body).handler(brands::put);
    endpoint(router, HttpMethod.DELETE, brand, write).handler(brands::delete);
    // Logos are the one body above BODY_LIMIT: their own limit, checked from Content-Length before
    // anything is read (a body handler must be a route's first handler, hence a route of its own).
    BodyHandler logoBody = BodyHandler.create(false).setBodyLimit(Logo.MAX_BYTES);
    endpoint(router, HttpMethod.PUT, brand + "/logo", write, "logo-upload", BrandRoutes::checkLogoUpload)
        .handler(logoBody).handler(brands::putLogo);
    endpoint(router, HttpMethod.GET, brand + "/logo", read).handler(brands::getLogo);
    endpoint(router, HttpMethod.DELETE, brand + "/logo", write).handler(brands::deleteLogo);

    // Campaign settings change what a campaign's links do, so they take the links' scopes.
    CampaignRoutes campaigns = new CampaignRoutes(deps.campaigns(), deps.clock(), writes);
    String campaign = ApiPaths.CAMPAIGNS + "/:name";
    endpoint(router, HttpMethod.GET, ApiPaths.CAMPAIGNS, read).handler(campaigns::list);
    endpoint(router, HttpMethod.GET, campaign, read).handler(campaigns::get);
    endpoint(router, HttpMethod.PUT, campaign, write).handler(body).handler(campaigns::put);
    endpoint(router, HttpMethod.DELETE, campaign, write).handler(campaigns::delete);

    KeyRoutes keys = new KeyRoutes(deps.keys(), keyAuth, deps.clock(), deps.random(), deps.audit());
    Access keysAdmin = Access.of(Scope.KEYS_ADMIN);
    endpoint(router, HttpMethod.POST, ApiPaths.KEYS, keysAdmin).handler(body).handler(keys::create);
    endpoint(router, HttpMethod.GET, ApiPaths.KEYS, keysAdmin).handler(keys::list);
    endpoint(router, HttpMethod.DELETE, ApiPaths.KEYS + "/:id", keysAdmin).handler(keys::delete);

    StatsRoutes stats = new StatsRoutes(new StatsQueries(vertx), deps.stats(), deps.clock());
    Access statsRead = Access.of(Scope.STATS_READ);
    endpoint(router, HttpMethod.GET, StatsRoutes.SUMMARY, statsRead).handler(stats::summary);
    endpoint(router, HttpMethod.GET, StatsRoutes.TIMESERIES, statsRead).handler(stats::timeSeries);
    endpoint(router, HttpMethod.GET, StatsRoutes.BREAKDOWN, statsRead).handler(stats::breakdown);
    endpoint(router, HttpMethod.GET, StatsRoutes.FUNNEL, statsRead).handler(stats::funnel);
    endpoint(router, HttpMethod.GET, StatsRoutes.EXPORT, statsRead).handler(stats::export);

    // A shop's server reports conversions with a key that can do nothing else; up to 1,000 at once.
    ConversionRoutes conversions = new ConversionRoutes(vertx, deps.conversions());
    endpoint(router, HttpMethod.POST, ConversionRoutes.PATH, Access.of(Scope.CONVERSIONS_WRITE))
        .handler(BodyHandler.create(false).setBodyLimit(ConversionRoutes.BODY_LIMIT)).handler(conversions::record);

    // Who changed what is for those who manage keys.
    endpoint(router, HttpMethod.GET, ApiPaths.AUDIT, keysAdmin).handler(new AuditRoutes(deps.auditLog())::list);
    return router;
  }

  /** A stored link, touchpoint, brand or campaign as the admin API shows it: what the audit log records of it. */
  private static UnaryOperator<Object> auditView(URI publicBaseUrl) {
    return value -> {
      if (value instanceof Link link) {
        return link.isTouchpoint()
            ? TouchpointView.of(Touchpoint.from(link), publicBaseUrl)
            : LinkView.of(link, publicBaseUrl);
      }
      if (value instanceof Campaign c) {
        return CampaignView.of(c);
      }
      return value instanceof Brand brand ? BrandView.of(brand) : value;
    };
  }

  /**
   * Registers an endpoint with what it needs from the caller ({@link #ACCESS}), checked by a route
   * of its own just before it, and its path template ({@link #TEMPLATE}): Vert.x turns paths with
   * parameters into regexes and forgets them, but 405 answers and the OpenAPI contract test need them.
   */
  private static Route endpoint(Router router, HttpMethod method, String path, Access access) {
    return endpoint(router, method, path, access, null, null);
  }

  /**
   * As {@link #endpoint(Router, HttpMethod, String, Access)}, with {@code beforeBody} (named
   * {@code check}) run after the scope check and before the endpoint's body handler reads anything.
   * Each is a route of its own: a body handler must be its route's first handler.
   */
  private static Route endpoint(Router router, HttpMethod method, String path, Access access, String check,
                                Handler<RoutingContext> beforeBody) {
    Objects.requireNonNull(access, "access");
    if (access.scope() != null) {
      router.route(method, path).setName(MIDDLEWARE + "scope").handler(requiring(access.scope(), method, path));
    }
    if (beforeBody != null) {
      router.route(method, path).setName(MIDDLEWARE + check).handler(beforeBody);
    }
    return router.route(method, path).putMetadata(TEMPLATE, path).putMetadata(ACCESS, access);
  }

  /** Lets the request on only when its key holds {@code scope} (or {@code keys:admin}); else 403 naming it. */
  private static Handler<RoutingContext> requiring(Scope scope, HttpMethod method, String path) {
    String what = method.name() + " " + path.replaceAll(":([A-Za-z0-9_]+)", "{$1}");
    return ctx -> {
      AuthenticatedKey key = AuthenticatedKey.of(ctx);
      if (key == null || !key.allows(scope)) {
        throw ProblemException.forbidden("the key " + (key == null ? "" : "'" + key.name() + "' ")
            + "lacks the scope '" + scope.wireName() + "', which " + what + " needs");
      }
      ctx.next();
    };
  }

  /** The methods of every endpoint route matching {@code path}, for the {@code Allow} header of a 405. */
  static List<HttpMethod> allowedMethods(Router router, String path) {
    TreeSet<HttpMethod> methods = new TreeSet<>(Comparator.comparing(HttpMethod::name));
    for (Route route : router.getRoutes()) {
      String template = route.getMetadata(TEMPLATE);
      if (template != null && template(template).matcher(path).matches()) {
        methods.addAll(route.methods());
      }
    }
    return List.copyOf(methods);
  }

  /** A route path such as {@code /api/v1/links/:code} as a pattern; a trailing slash is optional, as in Vert.x. */
  private static Pattern template(String routePath) {
    StringBuilder regex = new StringBuilder();
    for (String segment : routePath.split("/", -1)) {
      if (!regex.isEmpty() || !segment.isEmpty()) {
        regex.append('/');
      }
      regex.append(segment.startsWith(":") ? "[^/]+" : Pattern.quote(segment));
    }
    return Pattern.compile(regex + "/?");
  }

  private static Buffer loadOpenApi() {
    try (InputStream in = AdminRouter.class.getResourceAsStream(OPENAPI_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(OPENAPI_RESOURCE + " is missing from the classpath");
      }
      return Buffer.buffer(in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + OPENAPI_RESOURCE, e);
    }
  }
}
