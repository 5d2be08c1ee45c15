package dev.waymark.link;

/**
 * The size limits of a link's and a touchpoint's writable fields, stated once so that the admin
 * API and the print-run CSV, which checks rows before it sends them, refuse exactly the same values.
 * Slugs are {@link Codes}' rules.
 */
public final class FieldLimits {

  /** A destination URL, in characters. */
  public static final int MAX_URL_LENGTH = 2048;
  /** A name, campaign, channel or source, in characters once trimmed. */
  public static final int MAX_TEXT_LENGTH = 128;
  /** A touchpoint's notes, in characters once trimmed. */
  public static final int MAX_NOTES_LENGTH = 2048;
  /** One UTM value, in characters once trimmed. */
  public static final int MAX_UTM_LENGTH = 256;
  /** Tags on one link. */
  public static final int MAX_TAGS = 32;
  /** One tag, in characters. */
  public static final int MAX_TAG_LENGTH = 64;

  private FieldLimits() {}
}
