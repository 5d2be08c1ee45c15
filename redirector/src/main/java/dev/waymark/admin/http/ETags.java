package dev.waymark.admin.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.waymark.link.LinkJson;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * Strong entity tags of stored links, touchpoints and brands: a digest of the object's canonical
 * JSON, so every instance (and every restart) gives the same tag to the same object, and a change
 * to any field gives a new one. Nothing is stored for it, so objects written by older versions
 * have tags too.
 */
public final class ETags {

  // Map entries by key: Map.copyOf iterates in an order that differs between JVMs.
  private static final ObjectWriter CANONICAL = LinkJson.MAPPER.writer()
      .with(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);
  // 128 bits of SHA-256: no accidental collision between two versions of one object.
  private static final int TAG_CHARS = 22;

  private ETags() {}

  /** The quoted strong tag of {@code value}, as sent in {@code ETag}. */
  public static String of(Object value) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(CANONICAL.writeValueAsBytes(value));
      String tag = Base64.getUrlEncoder().withoutPadding().encodeToString(digest).substring(0, TAG_CHARS);
      return "\"" + tag + "\"";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot render " + value.getClass().getSimpleName(), e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JVM", e);
    }
  }
}
