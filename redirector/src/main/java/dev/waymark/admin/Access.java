package dev.waymark.admin;

import dev.waymark.key.Scope;
import java.util.Objects;

/**
 * What an admin endpoint needs from its caller, declared where the endpoint is registered:
 * nothing ({@link #NONE}, health), any valid key ({@link #ANY_KEY}), or a key with a {@link Scope}.
 */
public record Access(boolean needsKey, Scope scope) {

  public static final Access NONE = new Access(false, null);
  public static final Access ANY_KEY = new Access(true, null);

  public Access {
    if (scope != null && !needsKey) {
      throw new IllegalArgumentException("a scope needs a key");
    }
  }

  /** A key holding {@code scope} (or {@code keys:admin}). */
  public static Access of(Scope scope) {
    return new Access(true, Objects.requireNonNull(scope, "scope"));
  }
}
