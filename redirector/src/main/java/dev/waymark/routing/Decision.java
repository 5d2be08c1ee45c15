package dev.waymark.routing;

/**
 * What the journey rules decided for one request.
 *
 * @param kind    what the redirect path answers
 * @param url     for {@link Kind#REDIRECT}: the destination, or {@code null} for the link's own
 *     {@code url}; for {@link Kind#FALLBACK}: the fallback URL; else {@code null}
 * @param variant the variant id the visitor was assigned, {@code ""} when none
 * @param rule    the id (or index) of the rule that decided, {@code ios}/{@code android} for the
 *     shortcuts, {@code window} or {@code limit} for a fallback (or 410), {@code preview} for the
 *     preview page, {@code ""} for the default destination
 * @param preview for {@link Kind#PREVIEW}: the card to render; else {@code null}
 */
public record Decision(Kind kind, String url, String variant, String rule, Preview preview) {

  /** What the redirect path answers. */
  public enum Kind {
    /** The link's status (301/302/307/308) to {@code url}, or the link's own URL. */
    REDIRECT,
    /** 302 to the fallback URL: outside the window or past the limit. */
    FALLBACK,
    /** 410: outside the window or past the limit, with no fallback. */
    GONE,
    /** 200 with the Open Graph page, to an unfurler. */
    PREVIEW
  }

  /** The link's own URL, no variant, no rule: what bots and unfurlers without a preview get. */
  public static final Decision DEFAULT = new Decision(Kind.REDIRECT, null, "", "", null);
}
