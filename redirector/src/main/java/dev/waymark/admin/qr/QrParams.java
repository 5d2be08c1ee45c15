package dev.waymark.admin.qr;

import dev.waymark.admin.http.Violations;
import dev.waymark.brand.Brand;
import dev.waymark.problem.ProblemException;
import dev.waymark.qr.QrSpec;
import dev.waymark.qr.QrSpecException;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The query parameters of the QR endpoints, checked one by one before any lookup or rendering:
 * {@code size, margin, ecc, fg, bg, eye, dots, eyes, download, brand, logo}. A malformed or
 * out-of-range value is a 400 naming the parameter; values that are each fine but together
 * unreadable (contrast) are a 422 from {@link #spec}.
 *
 * <p>{@code brand} names a brand kit whose values stand in for every parameter not given;
 * {@code logo} names the brand whose logo to place ({@code none}: no logo, even the brand's).
 */
public record QrParams(Integer size, Integer margin, String ecc, String fg, String bg, String eye, String dots,
    String eyes, boolean download, String brand, String logo) {

  static final Set<String> NAMES = Set.of("size", "margin", "ecc", "fg", "bg", "eye", "dots", "eyes", "download",
      "brand", "logo");
  /** QrSpec's field names to the query parameters that set them. */
  private static final Map<String, String> PARAM_OF = Map.of(
      "size", "size", "margin", "margin", "ecc", "ecc", "fg", "fg", "bg", "bg", "eyeColor", "eye",
      "moduleShape", "dots", "eyeShape", "eyes");
  private static final Pattern INT = Pattern.compile("\\d{1,6}");

  static QrParams parse(RoutingContext ctx) {
    Violations v = new Violations();
    try {
      ctx.queryParams();
    } catch (IllegalArgumentException e) {
      throw ProblemException.invalid("query", "is not a valid URL-encoded query string");
    }
    for (String name : ctx.queryParams().names()) {
      if (!NAMES.contains(name)) {
        v.add(name, "is not a QR parameter; known: " + String.join(", ", Violations.sorted(NAMES)));
      }
    }
    Integer size = integer(v, ctx, "size");
    Integer margin = integer(v, ctx, "margin");
    String download = single(v, ctx, "download");
    boolean attachment = false;
    if (download != null) {
      if (download.equals("1") || download.equals("true")) {
        attachment = true;
      } else if (!download.equals("0") && !download.equals("false")) {
        v.add("download", "must be 1, true, 0 or false");
      }
    }
    String brand = brandName(v, "brand", single(v, ctx, "brand"));
    String logo = single(v, ctx, "logo");
    logo = Brand.NONE.equals(logo) ? logo : brandName(v, "logo", logo);
    QrParams params = new QrParams(size, margin, single(v, ctx, "ecc"), single(v, ctx, "fg"), single(v, ctx, "bg"),
        single(v, ctx, "eye"), single(v, ctx, "dots"), single(v, ctx, "eyes"), attachment, brand, logo);
    // Parse every value now, so each bad one is named in the same 400; the payload is a stand-in.
    params.builder("x", null, v);
    v.throwIfAny();
    return params;
  }

  /** The brand whose logo goes into the code: {@code logo} if given, else {@code brand}; {@code null} for none. */
  String logoBrand() {
    return logo != null ? (Brand.NONE.equals(logo) ? null : logo) : brand;
  }

  /**
   * The spec for {@code payload} without a logo, starting from {@code brand}'s values (when not
   * {@code null}): a 400 for a value outside its range, a 422 when the values are each valid but
   * would make an unreadable code (too little contrast, light on dark).
   */
  public QrSpec spec(String payload, Brand brand) {
    Violations v = new Violations();
    QrSpec.Builder builder = builder(payload, brand, v);
    v.throwIfAny();
    try {
      return builder.build();
    } catch (QrSpecException e) {
      String param = param(e);
      if (param.equals("size") || param.equals("margin")) {
        throw ProblemException.invalid(param, e.detail());
      }
      throw ProblemException.unscannable(param, e.detail());
    }
  }

  /** The query parameter a refusal of the renderer is about. */
  static String param(QrSpecException e) {
    return PARAM_OF.getOrDefault(e.field(), e.field());
  }

  private QrSpec.Builder builder(String payload, Brand brand, Violations v) {
    QrSpec.Builder b = QrSpec.builder(payload);
    if (brand != null) {
      brand.applyTo(b);
    }
    if (size != null) {
      b.size(size);
    }
    if (margin != null) {
      b.margin(margin);
    }
    apply(v, () -> { if (ecc != null) b.ecc(ecc); });
    apply(v, () -> { if (fg != null) b.fg(fg); });
    apply(v, () -> { if (bg != null) b.bg(bg); });
    apply(v, () -> { if (eye != null) b.eyeColor(eye); });
    apply(v, () -> { if (dots != null) b.moduleShape(dots); });
    apply(v, () -> { if (eyes != null) b.eyeShape(eyes); });
    return b;
  }

  private static void apply(Violations v, Runnable set) {
    try {
      set.run();
    } catch (QrSpecException e) {
      v.add(param(e), e.detail());
    }
  }

  private static String brandName(Violations v, String param, String name) {
    String problem = name == null ? null : Brand.nameProblem(name);
    return problem == null ? name : v.add(param, "names a brand, which " + problem);
  }

  private static Integer integer(Violations v, RoutingContext ctx, String name) {
    String value = single(v, ctx, name);
    if (value == null) {
      return null;
    }
    return INT.matcher(value).matches() ? Integer.valueOf(value) : v.add(name, "must be a whole number; got '"
        + (value.length() > 20 ? value.substring(0, 20) + "..." : value) + "'");
  }

  private static String single(Violations v, RoutingContext ctx, String name) {
    List<String> values = ctx.queryParam(name);
    if (values.size() > 1) {
      return v.add(name, "must be given at most once");
    }
    return values.isEmpty() || values.get(0).isEmpty() ? null : values.get(0);
  }
}
