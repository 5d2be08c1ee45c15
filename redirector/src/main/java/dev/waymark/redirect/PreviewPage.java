package dev.waymark.redirect;

import dev.waymark.routing.Preview;

/**
 * The page a link unfurler gets instead of a redirect: the link's Open Graph (and Twitter card)
 * tags, so a shared campaign link draws the campaign's card. No {@code og:url}: unfurlers treat it
 * as the canonical page and would fetch the destination's card instead. People never see it, but
 * a person misread as an unfurler still finds a link onward.
 */
final class PreviewPage {

  private PreviewPage() {}

  /** The page for {@code preview}, leading on to {@code destination}. */
  static String of(Preview preview, CharSequence destination) {
    String title = preview.title() == null ? "" : escape(preview.title());
    StringBuilder html = new StringBuilder(512)
        .append("<!doctype html>\n<html><head><meta charset=\"utf-8\">\n")
        .append("<meta name=\"robots\" content=\"noindex\">\n")
        .append("<title>").append(title).append("</title>\n");
    meta(html, "property", "og:type", "website");
    meta(html, "property", "og:title", preview.title());
    meta(html, "property", "og:description", preview.description());
    meta(html, "property", "og:image", preview.image());
    meta(html, "name", "twitter:card", preview.image() == null ? "summary" : "summary_large_image");
    meta(html, "name", "twitter:title", preview.title());
    meta(html, "name", "twitter:description", preview.description());
    meta(html, "name", "twitter:image", preview.image());
    meta(html, "name", "description", preview.description());
    return html.append("</head><body><a href=\"").append(escape(destination.toString())).append("\">")
        .append(title.isEmpty() ? "Continue" : title).append("</a></body></html>\n").toString();
  }

  private static void meta(StringBuilder html, String attribute, String name, String content) {
    if (content != null) {
      html.append("<meta ").append(attribute).append("=\"").append(name).append("\" content=\"")
          .append(escape(content)).append("\">\n");
    }
  }

  /** Text safe inside an attribute value or an element: the five characters HTML gives meaning. */
  static String escape(String text) {
    StringBuilder out = null;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      String entity = switch (c) {
        case '&' -> "&amp;";
        case '<' -> "&lt;";
        case '>' -> "&gt;";
        case '"' -> "&quot;";
        case '\'' -> "&#39;";
        default -> null;
      };
      if (entity != null && out == null) {
        out = new StringBuilder(text.length() + 16).append(text, 0, i);
      }
      if (out != null) {
        if (entity != null) {
          out.append(entity);
        } else {
          out.append(c);
        }
      }
    }
    return out == null ? text : out.toString();
  }
}
