package dev.waymark.qr;

import java.util.Base64;
import java.util.List;

/**
 * Writes a symbol as a compact standalone SVG: one background rect, one path for all data modules,
 * one even-odd path for the three eyes, and the logo as a nested {@code <svg>} or {@code <image>}.
 */
final class SvgDocument {
  private SvgDocument() {}

  static String write(SymbolDrawing drawing, QrSpec spec) {
    int n = drawing.symbol().dimension();
    int margin = spec.margin();
    String extent = Integer.toString(n + 2 * margin);
    LogoPlacement place = drawing.symbol().logo();
    boolean pngLogo = place != null && spec.logo().format() == Logo.Format.PNG;

    StringBuilder svg = new StringBuilder(16 * 1024);
    svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\"");
    if (pngLogo) {
      svg.append(" xmlns:xlink=\"http://www.w3.org/1999/xlink\"");
    }
    svg.append(" version=\"1.1\" width=\"").append(spec.size()).append("\" height=\"").append(spec.size())
        .append("\" viewBox=\"0 0 ").append(extent).append(' ').append(extent).append("\">\n");
    svg.append("<rect width=\"").append(extent).append("\" height=\"").append(extent)
        .append("\" fill=\"").append(spec.bg().hex()).append("\"/>\n");
    appendPath(svg, drawing.data(), margin, spec.fg(), false);
    appendPath(svg, drawing.eyes(), margin, spec.eyeColor(), true);
    if (place != null) {
      appendLogo(svg, spec.logo(), place, margin);
    }
    return svg.append("</svg>\n").toString();
  }

  private static void appendPath(StringBuilder svg, List<Box> boxes, int margin, Rgb colour, boolean evenOdd) {
    SvgPath d = new SvgPath(margin);
    for (Box box : boxes) {
      box.appendTo(d);
    }
    if (d.isEmpty()) {
      return;
    }
    svg.append("<path fill=\"").append(colour.hex()).append('"');
    if (evenOdd) {
      svg.append(" fill-rule=\"evenodd\"");
    }
    svg.append(" d=\"").append(d).append("\"/>\n");
  }

  private static void appendLogo(StringBuilder svg, Logo logo, LogoPlacement place, int margin) {
    String position = " x=\"" + SvgPath.number(place.logoX() + margin) + "\" y=\"" + SvgPath.number(place.logoY() + margin)
        + "\" width=\"" + SvgPath.number(place.logoWidth()) + "\" height=\"" + SvgPath.number(place.logoHeight())
        + "\" preserveAspectRatio=\"xMidYMid meet\"";
    if (logo.format() == Logo.Format.PNG) {
      svg.append("<image").append(position).append(" xlink:href=\"data:image/png;base64,")
          .append(Base64.getEncoder().encodeToString(logo.content())).append("\"/>\n");
      return;
    }
    // The sanitised markup starts with "<svg"; a nested svg clips to its own viewport (overflow hidden).
    String markup = logo.svgMarkup();
    svg.append("<svg").append(position).append(" overflow=\"hidden\"").append(markup, 4, markup.length()).append('\n');
  }
}
