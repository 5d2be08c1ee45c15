package dev.waymark.key;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.waymark.link.LinkJson;
import java.io.UncheckedIOException;

/** The one stored JSON form of a named key, the same in Redis and in the embedded file. */
final class KeyJson {

  private KeyJson() {}

  static String encode(NamedKey key) {
    try {
      return LinkJson.MAPPER.writeValueAsString(key);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  static NamedKey decode(String json) {
    try {
      return LinkJson.MAPPER.readValue(json, NamedKey.class);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
