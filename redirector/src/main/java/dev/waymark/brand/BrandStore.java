package dev.waymark.brand;

import io.vertx.core.Future;
import java.util.List;

/**
 * Where brand kits live: beside the links, in Redis or in an embedded file. A brand and its logo
 * image change together or not at all, so a stored brand's logo description always matches the
 * image stored with it.
 *
 * <p>Every method is non-blocking and safe to call from an event loop; futures may complete on
 * another thread. Both implementations pass the same contract test ({@code BrandStoreContract}).
 */
public interface BrandStore {

  /** The brand with this name, or {@code null}. */
  Future<Brand> find(String name);

  /** Every brand, by name; brands are few (a handful per organisation), so there are no pages. */
  Future<List<Brand>> list();

  /** Stores a new brand without a logo; {@code false} when the name is taken (nothing written). */
  Future<Boolean> create(Brand brand);

  /**
   * Replaces {@code expected} with {@code next} if the stored brand still equals {@code expected}
   * (compare-and-set, by the brand's fields, so a brand stored by an older version compares as
   * it reads); {@code false} when it changed or is gone (nothing written). The stored logo
   * image is kept, so {@code next.logo()} must equal {@code expected.logo()}.
   */
  Future<Boolean> replace(Brand expected, Brand next);

  /**
   * As {@link #replace}, and stores {@code image} as the logo {@code next.logo()} describes, or
   * removes the stored image when {@code next.logo()} is {@code null}.
   */
  Future<Boolean> replaceLogo(Brand expected, Brand next, byte[] image);

  /** The stored logo image of {@code brand}, or {@code null} when the brand or its logo has changed since. */
  Future<byte[]> logo(Brand brand);

  /** Deletes a brand and its logo; {@code false} when there was none. */
  Future<Boolean> delete(String name);

  /**
   * Compare-and-delete: deletes the brand and its logo only if the stored brand still equals
   * {@code expected}; {@code false} when it changed or is gone (nothing deleted).
   *
   * <p>This default fails: only stores of record can compare and delete atomically.
   */
  default Future<Boolean> delete(Brand expected) {
    return Future.failedFuture(new UnsupportedOperationException(
        getClass().getSimpleName() + " cannot compare and delete"));
  }

  /** Releases connections and files; the store is unusable afterwards. */
  Future<Void> close();
}
