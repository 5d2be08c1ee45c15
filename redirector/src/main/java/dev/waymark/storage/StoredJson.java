package dev.waymark.storage;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.waymark.link.LinkJson;
import java.io.UncheckedIOException;

/**
 * The one stored JSON form of a small record (a brand, a named key): the same bytes in Redis and
 * in the embedded file, written and read by the link mapper, so every store speaks one dialect.
 */
public record StoredJson<T>(Class<T> type) {

  public String encode(T value) {
    try {
      return LinkJson.MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  public T decode(String json) {
    try {
      return LinkJson.MAPPER.readValue(json, type);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
