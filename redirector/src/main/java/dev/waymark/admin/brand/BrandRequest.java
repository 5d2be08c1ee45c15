package dev.waymark.admin.brand;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.waymark.admin.http.ApiPaths;
import dev.waymark.admin.http.Violations;
import dev.waymark.admin.qr.QrParams;
import dev.waymark.brand.Brand;
import dev.waymark.brand.BrandLogo;
import dev.waymark.problem.ProblemException;
import dev.waymark.qr.Logo;
import dev.waymark.qr.QrSpec;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A valid brand body for {@code POST /api/v1/brands} and {@code PUT /api/v1/brands/{name}}: the
 * QR defaults under the same names as the QR query parameters, each checked by the QR endpoints'
 * own rules ({@link QrParams}), so a brand is refused exactly when the same query would be. A
 * member left out (or {@code null}) takes the QR endpoints' default.
 */
record BrandRequest(String name, QrSpec spec, boolean eyeSet, double logoSize) {

  static final Set<String> FIELDS = Set.of("name", "fg", "bg", "eye", "dots", "eyes", "ecc", "size", "margin",
      "logoSize");
  static final Set<String> READ_ONLY = Set.of("logo", "createdAt", "updatedAt");
  private static final Set<String> TEXT = Set.of("fg", "bg", "eye", "dots", "eyes", "ecc");

  /**
   * Validates {@code body}; {@code pathName} is the name in the path of a PUT ({@code null} for a
   * POST, whose body must name the brand). Throws a 400 naming every invalid member, or a 422 when
   * the colours are each valid but together unreadable.
   */
  static BrandRequest parse(ObjectNode body, String pathName) {
    Violations v = new Violations();
    for (Map.Entry<String, JsonNode> e : body.properties()) {
      String field = e.getKey();
      JsonNode node = e.getValue();
      if (READ_ONLY.contains(field)) {
        v.add(field, field.equals("logo") ? "is uploaded on its own: PUT " + ApiPaths.BRANDS + "/{name}/logo"
            : "is read-only");
      } else if (!FIELDS.contains(field)) {
        v.add(field, "is not a known field; known: " + String.join(", ", Violations.sorted(FIELDS)));
      } else if (TEXT.contains(field) && !node.isNull() && !node.isTextual()) {
        v.add(field, "must be a string");
      } else if ((field.equals("size") || field.equals("margin")) && !node.isNull()
          && !(node.isIntegralNumber() && node.canConvertToInt())) {
        v.add(field, "must be a whole number");
      }
    }
    String name = name(v, body, pathName);
    Double logoSize = logoSize(v, body.get("logoSize"));
    // Members of the wrong type were named above and are left out here.
    QrParams params = new QrParams(integer(body, "size"), integer(body, "margin"), text(body, "ecc"),
        text(body, "fg"), text(body, "bg"), text(body, "eye"), text(body, "dots"), text(body, "eyes"), false,
        null, null);
    QrSpec spec = null;
    try {
      // The stand-in payload only has to exist: the settings' own checks do not depend on it.
      spec = params.spec("https://waymark.dev/x", null);
    } catch (ProblemException e) {
      if (v.isEmpty()) {
        throw e;
      }
      // One 400 names every invalid member; a 422 (unreadable colours) waits until they are valid.
      if (e.problem().status() == 400) {
        e.problem().errors().forEach(error -> v.add(error.field(), error.detail()));
      }
    }
    v.throwIfAny();
    return new BrandRequest(name, spec, text(body, "eye") != null, logoSize);
  }

  /** The brand this request describes, with the given logo and timestamps. */
  Brand toBrand(BrandLogo logo, Instant createdAt, Instant updatedAt) {
    return new Brand(name, spec.fg().hex(), spec.bg().hex(), eyeSet ? spec.eyeColor().hex() : null,
        spec.moduleShape().name().toLowerCase(Locale.ROOT), spec.eyeShape().name().toLowerCase(Locale.ROOT),
        spec.ecc().name(), spec.size(), spec.margin(), logoSize, logo, createdAt, updatedAt);
  }

  private static String name(Violations v, ObjectNode body, String pathName) {
    JsonNode node = body.get("name");
    if (node == null || node.isNull()) {
      return pathName != null ? pathName : v.add("name", "is required");
    }
    if (!node.isTextual()) {
      return v.add("name", "must be a string");
    }
    String problem = Brand.nameProblem(node.textValue());
    if (problem != null) {
      return v.add("name", problem);
    }
    if (pathName != null && !pathName.equals(node.textValue())) {
      return v.add("name", "must be the name in the path ('" + pathName + "') or left out; brands are not renamed");
    }
    return node.textValue();
  }

  private static Double logoSize(Violations v, JsonNode node) {
    if (node == null || node.isNull()) {
      return Brand.DEFAULT_LOGO_SIZE;
    }
    if (!node.isNumber() || !(node.doubleValue() >= Logo.MIN_RELATIVE_SIZE
        && node.doubleValue() <= Logo.MAX_RELATIVE_SIZE)) {
      return v.add("logoSize", "must be a number from " + Logo.MIN_RELATIVE_SIZE + " to " + Logo.MAX_RELATIVE_SIZE
          + " (the logo's longer side as a fraction of the symbol's width)");
    }
    return node.doubleValue();
  }

  private static Integer integer(ObjectNode body, String field) {
    JsonNode node = body.get(field);
    return node != null && node.isIntegralNumber() && node.canConvertToInt() ? node.intValue() : null;
  }

  private static String text(ObjectNode body, String field) {
    JsonNode node = body.get(field);
    return node != null && node.isTextual() ? node.textValue() : null;
  }
}
