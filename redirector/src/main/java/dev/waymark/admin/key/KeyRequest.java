package dev.waymark.admin.key;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.waymark.admin.http.Violations;
import dev.waymark.key.Scope;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * A checked {@code POST /api/v1/keys} body: a name of 1 to {@value #MAX_NAME} printable
 * characters, a non-empty list of known scopes, and an optional {@code expiresAt} in the future
 * and at most {@link #MAX_LIFETIME} away. Every invalid member is named in one 400.
 */
record KeyRequest(String name, Set<Scope> scopes, Instant expiresAt) {

  static final int MAX_NAME = 100;
  /** Keys are credentials: one that outlives five years is better made again. */
  static final Duration MAX_LIFETIME = Duration.ofDays(5 * 365 + 1);
  private static final Set<String> FIELDS = Set.of("name", "scopes", "expiresAt");

  static KeyRequest parse(ObjectNode body, Instant now) {
    Violations v = new Violations();
    for (Map.Entry<String, JsonNode> e : body.properties()) {
      if (!FIELDS.contains(e.getKey())) {
        v.add(e.getKey(), "is not a known field; known: expiresAt, name, scopes");
      }
    }
    String name = name(v, body.get("name"));
    Set<Scope> scopes = scopes(v, body.get("scopes"));
    JsonNode expires = body.get("expiresAt");
    Instant expiresAt = expires == null || expires.isNull() ? null : expiresAt(v, expires, now);
    v.throwIfAny();
    return new KeyRequest(name, scopes, expiresAt);
  }

  private static String name(Violations v, JsonNode node) {
    if (node == null || node.isNull()) {
      return v.add("name", "is required: 1 to " + MAX_NAME + " printable characters saying who or what uses the key");
    }
    if (!node.isTextual()) {
      return v.add("name", "must be a string");
    }
    String name = node.textValue();
    int length = name.codePointCount(0, name.length());
    if (name.isBlank() || length > MAX_NAME) {
      return v.add("name", "must be 1 to " + MAX_NAME + " characters and not blank, was " + length);
    }
    if (!name.codePoints().allMatch(KeyRequest::printable)) {
      return v.add("name", "must hold printable characters only (no control, format or unassigned characters)");
    }
    return name;
  }

  private static boolean printable(int c) {
    return switch (Character.getType(c)) {
      case Character.CONTROL, Character.FORMAT, Character.UNASSIGNED, Character.PRIVATE_USE, Character.SURROGATE,
          Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR -> false;
      default -> true;
    };
  }

  private static Set<Scope> scopes(Violations v, JsonNode node) {
    if (node == null || node.isNull()) {
      return v.add("scopes", "is required: a non-empty list of " + Scope.wireNames());
    }
    if (!node.isArray() || node.isEmpty()) {
      return v.add("scopes", "must be a non-empty list of " + Scope.wireNames());
    }
    Set<Scope> scopes = EnumSet.noneOf(Scope.class);
    for (int i = 0; i < node.size(); i++) {
      JsonNode item = node.get(i);
      Scope scope = item.isTextual() ? Scope.of(item.textValue()) : null;
      if (scope == null) {
        return v.add("scopes[" + i + "]", "must be one of " + Scope.wireNames() + ", was " + item);
      }
      if (!scopes.add(scope)) {
        return v.add("scopes[" + i + "]", "'" + scope.wireName() + "' is listed twice");
      }
    }
    return scopes;
  }

  private static Instant expiresAt(Violations v, JsonNode node, Instant now) {
    if (!node.isTextual()) {
      return v.add("expiresAt", "must be an ISO-8601 instant string such as 2030-01-31T23:59:59Z");
    }
    Instant at;
    try {
      at = Instant.parse(node.textValue());
    } catch (DateTimeParseException e) {
      return v.add("expiresAt", "must be an ISO-8601 instant such as 2030-01-31T23:59:59Z");
    }
    if (!at.isAfter(now)) {
      return v.add("expiresAt", "must be in the future, was " + at);
    }
    if (at.isAfter(now.plus(MAX_LIFETIME))) {
      return v.add("expiresAt", "must be at most 5 years ahead (" + now.plus(MAX_LIFETIME) + "), was " + at);
    }
    return at;
  }
}
