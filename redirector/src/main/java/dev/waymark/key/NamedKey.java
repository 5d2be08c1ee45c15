package dev.waymark.key;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A named admin API key as stored: never its secret, only the SHA-256 of the whole key in hex.
 * {@code expiresAt} and {@code lastUsedAt} may be {@code null} (never expires, never used).
 */
public record NamedKey(String id, String name, Set<Scope> scopes, Instant createdAt, Instant expiresAt,
                       Instant lastUsedAt, String sha256) {

  /** Ids are 12 of {@code 0-9 a-z}: they sit between underscores in a key, and never equal "bootstrap". */
  public static final Pattern ID = Pattern.compile("[0-9a-z]{12}");
  private static final Pattern HEX_SHA256 = Pattern.compile("[0-9a-f]{64}");

  public NamedKey {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(scopes, "scopes");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(sha256, "sha256");
    if (!ID.matcher(id).matches()) {
      throw new IllegalArgumentException("a key id is 12 of 0-9 a-z, was '" + id + "'");
    }
    if (name.isBlank()) {
      throw new IllegalArgumentException("a key needs a name");
    }
    if (scopes.isEmpty() || scopes.stream().anyMatch(Objects::isNull)) {
      throw new IllegalArgumentException("a key needs at least one scope");
    }
    if (!HEX_SHA256.matcher(sha256).matches()) {
      throw new IllegalArgumentException("sha256 must be 64 lower-case hex digits");
    }
    scopes = Scope.copyOf(scopes);
  }

  /** True when the key has expired at {@code now}: from its {@code expiresAt} on, it is refused. */
  public boolean expiredAt(Instant now) {
    return expiresAt != null && !now.isBefore(expiresAt);
  }

  /** This key, last used at {@code at}. */
  public NamedKey withLastUsedAt(Instant at) {
    return new NamedKey(id, name, scopes, createdAt, expiresAt, at, sha256);
  }

  @Override
  public String toString() {
    return "NamedKey[id=" + id + ", name=" + name + ", scopes=" + scopes + ", sha256=***]";
  }
}
