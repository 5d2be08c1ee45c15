package dev.waymark.brand;

import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.waymark.qr.Ecc;
import dev.waymark.qr.EyeShape;
import dev.waymark.qr.Logo;
import dev.waymark.qr.ModuleShape;
import dev.waymark.qr.QrSpec;
import dev.waymark.qr.QrSpecException;
import dev.waymark.qr.Rgb;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A brand kit: the QR defaults a marketer stores once and applies with {@code ?brand=name}. An
 * instance exists only if its settings pass the QR generator's own checks (ranges, shapes,
 * contrast), so a stored brand's settings always make a valid {@link QrSpec}; values are kept in
 * one canonical spelling ({@code #rrggbb}, lower-case shapes, upper-case ECC).
 *
 * <p>The logo image itself is stored beside the record; {@link #logo} only describes it.
 *
 * @param eye      colour of the finder patterns; {@code null} means the foreground colour
 * @param logoSize the logo's longer side as a fraction of the symbol's width
 * @param logo     the uploaded logo, or {@code null} when the brand has none
 */
public record Brand(
    String name,
    String fg,
    String bg,
    String eye,
    String dots,
    String eyes,
    String ecc,
    int size,
    int margin,
    double logoSize,
    BrandLogo logo,
    Instant createdAt,
    Instant updatedAt) {

  /** Lower-case letters, digits and inner hyphens, 1 to 63 characters: safe in paths, keys and query strings. */
  public static final Pattern NAME = Pattern.compile("[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?");
  /** {@code logo=none} in a QR query means "no logo", so no brand may be called that. */
  public static final String NONE = "none";
  public static final double DEFAULT_LOGO_SIZE = 0.2;
  private static final String STAND_IN_PAYLOAD = "https://waymark.dev/x";

  public Brand {
    String problem = nameProblem(name);
    if (problem != null) {
      throw new IllegalArgumentException("name " + problem);
    }
    fg = Rgb.parse("fg", fg).hex();
    bg = Rgb.parse("bg", bg).hex();
    eye = eye == null ? null : Rgb.parse("eyeColor", eye).hex();
    dots = ModuleShape.parse(dots).name().toLowerCase(Locale.ROOT);
    eyes = EyeShape.parse(eyes).name().toLowerCase(Locale.ROOT);
    ecc = Ecc.parse(ecc).name();
    if (!(logoSize >= Logo.MIN_RELATIVE_SIZE && logoSize <= Logo.MAX_RELATIVE_SIZE)) {
      throw new QrSpecException("logoSize", String.format(Locale.ROOT, "must be %.2f..%.2f of the symbol width; got %s",
          Logo.MIN_RELATIVE_SIZE, Logo.MAX_RELATIVE_SIZE, logoSize));
    }
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(updatedAt, "updatedAt");
    // Ranges and contrast, checked by the renderer's own rules.
    applyTo(QrSpec.builder(STAND_IN_PAYLOAD), fg, bg, eye, dots, eyes, ecc, size, margin).build();
  }

  /** Why {@code name} cannot name a brand, or {@code null} when it can. */
  public static String nameProblem(String name) {
    if (name == null || !NAME.matcher(name).matches()) {
      return "must be 1 to 63 of a-z 0-9 and '-', starting and ending with a letter or digit; got "
          + (name == null ? "nothing" : "'" + (name.length() > 70 ? name.substring(0, 70) + "..." : name) + "'");
    }
    return name.equals(NONE) ? "must not be 'none' (logo=none means no logo)" : null;
  }

  /** Sets every default this brand holds on {@code builder} (not the logo, which is loaded separately). */
  public QrSpec.Builder applyTo(QrSpec.Builder builder) {
    return applyTo(builder, fg, bg, eye, dots, eyes, ecc, size, margin);
  }

  /** This brand with another logo (or none), changed at {@code now}. */
  public Brand withLogo(BrandLogo newLogo, Instant now) {
    return new Brand(name, fg, bg, eye, dots, eyes, ecc, size, margin, logoSize, newLogo, createdAt, now);
  }

  /** True when the logo can go into PNG output: only SVG output can embed an SVG logo. */
  @JsonIgnore
  public boolean hasSvgLogo() {
    return logo != null && logo.format() == Logo.Format.SVG;
  }

  private static QrSpec.Builder applyTo(QrSpec.Builder b, String fg, String bg, String eye, String dots,
      String eyes, String ecc, int size, int margin) {
    return b.fg(fg).bg(bg).eyeColor(eye).moduleShape(dots).eyeShape(eyes).ecc(ecc).size(size).margin(margin);
  }
}
