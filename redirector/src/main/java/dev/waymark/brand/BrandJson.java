package dev.waymark.brand;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.waymark.link.LinkJson;
import java.io.UncheckedIOException;

/** The one stored JSON form of a brand, the same bytes in Redis and in the embedded file. */
final class BrandJson {

  private BrandJson() {}

  static String encode(Brand brand) {
    try {
      return LinkJson.MAPPER.writeValueAsString(brand);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Brand decode(String json) {
    try {
      return LinkJson.MAPPER.readValue(json, Brand.class);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
