package dev.waymark.brand;

import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.waymark.qr.Logo;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * What a brand's stored logo is, without its bytes: enough to name it in an ETag and to know
 * whether PNG output can carry it, so neither needs the image loaded.
 *
 * @param mediaType {@code image/png} or {@code image/svg+xml}
 * @param bytes     size of the stored (sanitised) image
 * @param sha256    hex SHA-256 of the stored image; changes whenever the image does
 */
public record BrandLogo(String mediaType, int bytes, String sha256) {

  public static final String PNG = "image/png";
  public static final String SVG = "image/svg+xml";

  public BrandLogo {
    if (!PNG.equals(mediaType) && !SVG.equals(mediaType)) {
      throw new IllegalArgumentException("mediaType must be " + PNG + " or " + SVG + ", was " + mediaType);
    }
    Objects.requireNonNull(sha256, "sha256");
    if (bytes <= 0) {
      throw new IllegalArgumentException("bytes must be positive, was " + bytes);
    }
  }

  /** The description of a checked logo's stored content. */
  public static BrandLogo of(Logo logo) {
    byte[] content = logo.content();
    return new BrandLogo(logo.format() == Logo.Format.PNG ? PNG : SVG, content.length, sha256(content));
  }

  @JsonIgnore
  public Logo.Format format() {
    return PNG.equals(mediaType) ? Logo.Format.PNG : Logo.Format.SVG;
  }

  /** True when {@code content} is the image this describes. */
  public boolean describes(byte[] content) {
    return content != null && content.length == bytes && sha256(content).equals(sha256);
  }

  static String sha256(byte[] content) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JVM", e);
    }
  }
}
