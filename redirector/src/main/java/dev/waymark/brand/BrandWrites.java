package dev.waymark.brand;

import java.util.Objects;

/**
 * The preconditions every {@link BrandStore} checks before a write, so that no implementation
 * can store a brand whose logo description and image disagree. Breaking one is a programming
 * error, not a user mistake.
 */
final class BrandWrites {

  private BrandWrites() {}

  static void requireCreate(Brand brand) {
    if (brand.logo() != null) {
      throw new IllegalArgumentException("a brand is created without a logo; upload it with replaceLogo");
    }
  }

  static void requireReplace(Brand expected, Brand next) {
    requireSameName(expected, next);
    if (!Objects.equals(expected.logo(), next.logo())) {
      throw new IllegalArgumentException("replace keeps the logo; use replaceLogo to change it");
    }
  }

  static void requireReplaceLogo(Brand expected, Brand next, byte[] image) {
    requireSameName(expected, next);
    if (next.logo() == null ? image != null : !next.logo().describes(image)) {
      throw new IllegalArgumentException("the image does not match the logo brand " + next.name() + " describes");
    }
  }

  private static void requireSameName(Brand expected, Brand next) {
    if (!expected.name().equals(next.name())) {
      throw new IllegalArgumentException("a brand cannot be renamed: " + expected.name() + " -> " + next.name());
    }
  }
}
