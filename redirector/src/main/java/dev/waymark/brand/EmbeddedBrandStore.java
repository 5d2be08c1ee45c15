package dev.waymark.brand;

import dev.waymark.storage.EmbeddedFile;
import dev.waymark.storage.StoredJson;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.List;
import org.h2.mvstore.MVMap;

/**
 * Brands in their own MVStore file ({@code brands.mv} beside {@code links.mv}): every acknowledged
 * write is committed before its future completes, and a brand and its logo image change in one
 * commit. All file access runs on a small worker pool, never on the caller's event loop.
 *
 * <p>A file of its own rather than a map in the links file: brand writes are rare and carry
 * images of up to a MiB, and keeping them apart leaves the link store's locking, compaction and
 * crash tests exactly as they are.
 */
public final class EmbeddedBrandStore implements BrandStore {

  private static final StoredJson<Brand> JSON = new StoredJson<>(Brand.class);

  private final EmbeddedFile file;
  private final MVMap<String, String> brands;
  private final MVMap<String, byte[]> logos;

  private EmbeddedBrandStore(EmbeddedFile file) {
    this.file = file;
    this.brands = file.map("brands");
    this.logos = file.map("brand-logos");
  }

  /** Opens (or creates) the store file, off the event loop. */
  public static Future<EmbeddedBrandStore> open(Vertx vertx, Path path) {
    return EmbeddedFile.open(vertx, path, "brand").map(EmbeddedBrandStore::new);
  }

  @Override
  public Future<Brand> find(String name) {
    return file.find(brands, name, JSON);
  }

  @Override
  public Future<List<Brand>> list() {
    return file.all(brands, JSON); // in key order: by name
  }

  @Override
  public Future<Boolean> create(Brand brand) {
    BrandWrites.requireCreate(brand);
    String json = JSON.encode(brand);
    return file.write(() -> {
      if (brands.putIfAbsent(brand.name(), json) != null) {
        return false;
      }
      logos.remove(brand.name());
      return true;
    });
  }

  @Override
  public Future<Boolean> replace(Brand expected, Brand next) {
    BrandWrites.requireReplace(expected, next);
    return file.write(() -> swap(expected, next));
  }

  @Override
  public Future<Boolean> replaceLogo(Brand expected, Brand next, byte[] image) {
    BrandWrites.requireReplaceLogo(expected, next, image);
    byte[] copy = image == null ? null : image.clone();
    return file.write(() -> {
      if (!swap(expected, next)) {
        return false;
      }
      if (copy == null) {
        logos.remove(next.name());
      } else {
        logos.put(next.name(), copy);
      }
      return true;
    });
  }

  @Override
  public Future<byte[]> logo(Brand brand) {
    return file.locked(() -> {
      String json = brands.get(brand.name());
      if (json == null || brand.logo() == null || !brand.logo().equals(JSON.decode(json).logo())) {
        return null;
      }
      byte[] image = logos.get(brand.name());
      return image == null ? null : image.clone();
    });
  }

  @Override
  public Future<Boolean> delete(String name) {
    return file.write(() -> {
      logos.remove(name);
      return brands.remove(name) != null;
    });
  }

  @Override
  public Future<Boolean> delete(Brand expected) {
    return file.write(() -> {
      String current = brands.get(expected.name());
      if (current == null || !JSON.decode(current).equals(expected)) {
        return false;
      }
      logos.remove(expected.name());
      brands.remove(expected.name());
      return true;
    });
  }

  @Override
  public Future<Void> close() {
    return file.close();
  }

  /** Swaps the record if it still is {@code expected}; the caller holds the lock. */
  private boolean swap(Brand expected, Brand next) {
    String current = brands.get(expected.name());
    if (current == null || !JSON.decode(current).equals(expected)) {
      return false;
    }
    brands.put(next.name(), JSON.encode(next));
    return true;
  }
}
