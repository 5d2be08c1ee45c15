package dev.waymark.admin.brand;

import dev.waymark.admin.http.ApiPaths;
import dev.waymark.brand.Brand;
import dev.waymark.brand.BrandLogo;
import java.time.Instant;
import java.util.List;

/**
 * A brand as the admin API shows it: every setting under its QR parameter name, unset ones as
 * explicit {@code null}, and its logo's description with where to fetch the image.
 */
public record BrandView(
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
    Logo logo,
    Instant createdAt,
    Instant updatedAt) {

  /** The uploaded logo: its media type, size in bytes, SHA-256 and its path on the admin port. */
  record Logo(String mediaType, int bytes, String sha256, String href) {
    public static Logo of(String name, BrandLogo logo) {
      return logo == null ? null
          : new Logo(logo.mediaType(), logo.bytes(), logo.sha256(), ApiPaths.BRANDS + "/" + name + "/logo");
    }
  }

  public static BrandView of(Brand b) {
    return new BrandView(b.name(), b.fg(), b.bg(), b.eye(), b.dots(), b.eyes(), b.ecc(), b.size(), b.margin(),
        b.logoSize(), Logo.of(b.name(), b.logo()), b.createdAt(), b.updatedAt());
  }

  /** Every brand, by name. */
  record Page(List<BrandView> brands) {
    public static Page of(List<Brand> brands) {
      return new Page(brands.stream().map(BrandView::of).toList());
    }
  }
}
