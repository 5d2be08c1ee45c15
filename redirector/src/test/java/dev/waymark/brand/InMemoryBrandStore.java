package dev.waymark.brand;

import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A BrandStore in memory that honours the interface contract ({@code InMemoryBrandStoreTest}
 * proves it) and can be switched to fail every call, as a store that is down would.
 */
public final class InMemoryBrandStore implements BrandStore {

  private final Map<String, Brand> brands = new TreeMap<>();
  private final Map<String, byte[]> logos = new TreeMap<>();
  private final AtomicBoolean down = new AtomicBoolean();

  /** From now on every call fails (true) or works again (false). */
  public void down(boolean isDown) {
    down.set(isDown);
  }

  @Override
  public synchronized Future<Brand> find(String name) {
    return down.get() ? failure() : Future.succeededFuture(brands.get(name));
  }

  @Override
  public synchronized Future<List<Brand>> list() {
    return down.get() ? failure() : Future.succeededFuture(new ArrayList<>(brands.values()));
  }

  @Override
  public synchronized Future<Boolean> create(Brand brand) {
    BrandWrites.requireCreate(brand);
    if (down.get()) {
      return failure();
    }
    if (brands.putIfAbsent(brand.name(), brand) != null) {
      return Future.succeededFuture(false);
    }
    logos.remove(brand.name());
    return Future.succeededFuture(true);
  }

  @Override
  public synchronized Future<Boolean> replace(Brand expected, Brand next) {
    BrandWrites.requireReplace(expected, next);
    return down.get() ? failure() : Future.succeededFuture(brands.replace(expected.name(), expected, next));
  }

  @Override
  public synchronized Future<Boolean> replaceLogo(Brand expected, Brand next, byte[] image) {
    BrandWrites.requireReplaceLogo(expected, next, image);
    if (down.get()) {
      return failure();
    }
    if (!brands.replace(expected.name(), expected, next)) {
      return Future.succeededFuture(false);
    }
    if (image == null) {
      logos.remove(next.name());
    } else {
      logos.put(next.name(), image.clone());
    }
    return Future.succeededFuture(true);
  }

  @Override
  public synchronized Future<Boolean> delete(Brand expected) {
    if (down.get()) {
      return failure();
    }
    if (!brands.remove(expected.name(), expected)) {
      return Future.succeededFuture(false);
    }
    logos.remove(expected.name());
    return Future.succeededFuture(true);
  }

  @Override
  public synchronized Future<byte[]> logo(Brand brand) {
    if (down.get()) {
      return failure();
    }
    Brand current = brands.get(brand.name());
    boolean same = current != null && brand.logo() != null && Objects.equals(current.logo(), brand.logo());
    return Future.succeededFuture(same ? logos.get(brand.name()).clone() : null);
  }

  @Override
  public synchronized Future<Boolean> delete(String name) {
    if (down.get()) {
      return failure();
    }
    logos.remove(name);
    return Future.succeededFuture(brands.remove(name) != null);
  }

  @Override
  public Future<Void> close() {
    return Future.succeededFuture();
  }

  private static <T> Future<T> failure() {
    return Future.failedFuture(new IllegalStateException("brand store is down"));
  }
}
