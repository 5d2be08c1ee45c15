package dev.waymark.hit;

/**
 * The {@code hits.traffic} Enum8: who made the request. {@code PREVIEW} is a link unfurler (a chat
 * app fetching the page to draw a card), which is neither a person nor a crawler. Ordinals are the
 * stored values: append only.
 */
public enum Traffic {
  HUMAN, BOT, PREVIEW;

  public String wireName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
