package dev.waymark.link;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** How a touchpoint reaches people: a printed QR code, a plain URL, or an NFC tag; lower-case on the wire. */
public enum Medium {
  QR, URL, NFC;

  private final String wireName = name().toLowerCase(Locale.ROOT);

  @JsonValue
  public String wireName() {
    return wireName;
  }

  /** Parses the wire form; throws {@link IllegalArgumentException} naming the allowed values. */
  @JsonCreator
  public static Medium of(String value) {
    for (Medium m : values()) {
      if (m.wireName.equals(value)) {
        return m;
      }
    }
    throw new IllegalArgumentException("must be one of qr, url, nfc");
  }
}
