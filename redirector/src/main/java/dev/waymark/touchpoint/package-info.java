/**
 * Touchpoints: one placement of a link (a poster, a flyer, an NFC tag) with a short code of its
 * own. A {@link dev.waymark.touchpoint.Touchpoint} is always valid and converts losslessly to and
 * from the stored {@link dev.waymark.link.Link} form it shares with links, so stores, cache and
 * redirect path need not know it exists. Depends on {@code link}; {@code link} never on this.
 */
package dev.waymark.touchpoint;
