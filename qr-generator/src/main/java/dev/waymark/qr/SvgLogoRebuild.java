package dev.waymark.qr;

import static dev.waymark.qr.SvgLogo.MAX_DEPTH;
import static dev.waymark.qr.SvgLogo.MAX_DRAWN;
import static dev.waymark.qr.SvgLogo.MAX_ELEMENTS;
import static dev.waymark.qr.SvgLogo.MAX_EMBEDDED_PIXELS;
import static dev.waymark.qr.SvgLogo.SVG_NS;
import static dev.waymark.qr.SvgLogo.XLINK_NS;
import static dev.waymark.qr.SvgLogo.number;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * One streaming pass over an SVG logo that writes what the allow-list keeps and refuses, as soon
 * as it is seen, what must not be served or would cost too much; all the state of one read.
 */
final class SvgLogoRebuild {
  private static final Set<String> KEPT_ELEMENTS = Set.of("svg", "g", "defs", "symbol", "use", "path", "rect",
      "circle", "ellipse", "line", "polyline", "polygon", "linearGradient", "radialGradient", "stop", "clipPath",
      "mask", "image", "text", "tspan");
  private static final Set<String> REFUSED_ELEMENTS =
      Set.of("script", "foreignobject", "iframe", "embed", "object", "handler", "listener");
  private static final Set<String> ANIMATIONS = Set.of("set", "animate", "animatemotion", "animatetransform");
  private static final Set<String> ROOT_POSITION = Set.of("x", "y", "width", "height", "preserveAspectRatio", "viewBox");
  private static final Pattern NUMBER = Pattern.compile("\\s*([0-9]*\\.?[0-9]+(?:[eE][-+]?[0-9]+)?)\\s*(px)?\\s*");

  private final SvgLogoStyleSheet sheet;
  private final StringBuilder out = new StringBuilder(4096);
  private final Deque<Open> open = new ArrayDeque<>();
  private final Set<String> idsWithUse = new HashSet<>();
  private final Set<String> usedIds = new LinkedHashSet<>();
  /** Elements under each id (itself included), and every id drawn again by use, clip-path or mask. */
  private final Map<String, Integer> subtreeSizes = new HashMap<>();
  private final List<String> reused = new ArrayList<>();
  private int elements;
  private long embeddedPixels;
  private Map<String, String> rootAttributes;

  /** An open element: whether it is written, whether it or a descendant is a {@code use}, its subtree's size. */
  private static final class Open {
    final String name;
    final boolean written;
    final String id;
    boolean containsUse;
    int size = 1;

    Open(String name, boolean written, String id, boolean isUse) {
      this.name = name;
      this.written = written;
      this.id = id;
      this.containsUse = isUse;
    }
  }

  SvgLogoRebuild(SvgLogoStyleSheet sheet) {
    this.sheet = sheet;
  }

  SvgLogo run(XMLStreamReader xml) throws XMLStreamException {
    while (xml.hasNext()) {
      switch (xml.next()) {
        case XMLStreamConstants.DTD -> throw new QrSpecException("logo", "SVG must not contain a DOCTYPE (entities are refused)");
        case XMLStreamConstants.PROCESSING_INSTRUCTION -> throw refused("a processing instruction <?" + xml.getPITarget() + "?>");
        case XMLStreamConstants.ENTITY_REFERENCE -> throw new QrSpecException("logo", "SVG must not contain a DOCTYPE (entities are refused)");
        case XMLStreamConstants.START_ELEMENT -> start(xml);
        case XMLStreamConstants.END_ELEMENT -> end();
        case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE -> text(xml.getText());
        default -> { } // comments and whitespace outside the root
      }
    }
    for (String id : usedIds) {
      if (idsWithUse.contains(id)) {
        throw new QrSpecException("logo", "SVG has a <use> of #" + id + ", which itself contains <use>; nested reuse is refused");
      }
    }
    long drawn = elements;
    for (String id : reused) {
      drawn += subtreeSizes.getOrDefault(id, 0);
    }
    if (drawn > MAX_DRAWN) {
      throw new QrSpecException("logo", "SVG reuses its elements (use, clip-path, mask) so often that " + drawn
          + " shapes would be drawn; at most " + MAX_DRAWN);
    }
    // The root is written last, so a document that is not even well-formed is refused as such first.
    double[] box = viewBox(rootAttributes);
    rootAttributes.keySet().removeAll(ROOT_POSITION);
    StringBuilder root = new StringBuilder("<svg xmlns=\"").append(SVG_NS).append("\" xmlns:xlink=\"")
        .append(XLINK_NS).append("\" viewBox=\"").append(number(box[0])).append(' ').append(number(box[1]))
        .append(' ').append(number(box[2])).append(' ').append(number(box[3])).append('"');
    appendAttributes(root, rootAttributes);
    return new SvgLogo(root.append('>').append(out).append("</svg>").toString(), box[2], box[3]);
  }

  private void start(XMLStreamReader xml) {
    String local = xml.getLocalName();
    String shown = xml.getPrefix() == null || xml.getPrefix().isEmpty() ? local : xml.getPrefix() + ":" + local;
    if (++elements > MAX_ELEMENTS) {
      throw new QrSpecException("logo", "SVG has more than " + MAX_ELEMENTS + " elements; simplify the logo");
    }
    if (open.size() >= MAX_DEPTH) {
      throw new QrSpecException("logo", "SVG nests elements more than " + MAX_DEPTH + " deep; flatten its groups");
    }
    String lower = local.toLowerCase(Locale.ROOT);
    if (REFUSED_ELEMENTS.contains(lower)) {
      throw refused("a <" + shown + "> element");
    }
    boolean root = open.isEmpty();
    if (root && (!"svg".equals(local) || !SVG_NS.equals(xml.getNamespaceURI()))) {
      throw new QrSpecException("logo", "is XML but not an SVG image (root element must be <svg> in the SVG namespace)");
    }
    Map<String, String> attributes = attributes(xml, shown, lower);
    boolean parentWritten = root || open.peek().written;
    boolean written = parentWritten && SVG_NS.equals(xml.getNamespaceURI()) && KEPT_ELEMENTS.contains(local);
    boolean isUse = written && local.equals("use");
    String id = xml.getAttributeValue(null, "id") == null ? null : xml.getAttributeValue(null, "id").strip();
    open.push(new Open(local, written, id, isUse));
    if (written) {
      for (String reference : new String[] {attributes.get("clip-path"), attributes.get("mask")}) {
        if (reference != null && reference.startsWith("url(#" + SvgLogoAttributes.ID_PREFIX)) {
          reused.add(reference.substring(5 + SvgLogoAttributes.ID_PREFIX.length(), reference.length() - 1));
        }
      }
    }
    if (root) {
      rootAttributes = attributes;
    } else if (written) {
      appendAttributes(out.append('<').append(local), attributes);
      out.append('>');
    }
  }

  private static void appendAttributes(StringBuilder to, Map<String, String> attributes) {
    attributes.forEach((name, value) -> to.append(' ').append(name).append("=\"").append(escape(value)).append('"'));
  }

  /** The kept attributes, checked and re-serialised; {@code style} declarations override attributes. */
  private Map<String, String> attributes(XMLStreamReader xml, String shown, String lower) {
    Map<String, String> kept = new LinkedHashMap<>();
    Map<String, String> fromStyle = Map.of();
    String classes = null;
    String href = null;
    for (int i = 0; i < xml.getAttributeCount(); i++) {
      String ns = xml.getAttributeNamespace(i);
      String name = xml.getAttributeLocalName(i);
      String prefix = xml.getAttributePrefix(i);
      String qualified = prefix == null || prefix.isEmpty() ? name : prefix + ":" + name;
      String value = xml.getAttributeValue(i);
      if (name.toLowerCase(Locale.ROOT).startsWith("on")) {
        throw refused("an event-handler attribute " + qualified + " on <" + shown + ">");
      }
      if (name.equals("href")) {
        if (SvgLogoAttributes.fragment(value) == null && !value.strip().toLowerCase(Locale.ROOT).startsWith("data:")) {
          throw refused("an external reference " + qualified + "=" + Quoted.of(value));
        }
        href = value;
        continue;
      }
      if (ANIMATIONS.contains(lower) && name.equals("attributeName") && value.toLowerCase(Locale.ROOT).contains("href")) {
        throw refused("an animation of href in <" + shown + ">");
      }
      if (ns != null && !ns.isEmpty()) {
        continue; // editor namespaces (inkscape:, sodipodi:, i:...) draw nothing
      }
      if (name.equals("class")) {
        classes = value;
      } else if (name.equals("style")) {
        fromStyle = SvgLogoAttributes.style(value, shown);
      } else if (SvgLogoAttributes.kept(name)) {
        kept.put(name, SvgLogoAttributes.value(name, value, "on <" + shown + ">"));
      }
    }
    kept.putAll(sheet.forClasses(classes)); // as in CSS: rules over attributes, style="..." over rules
    kept.putAll(fromStyle);
    if (href != null) {
      kept.put("xlink:href", href(href, lower));
    }
    return kept;
  }

  private String href(String value, String element) {
    String fragment = SvgLogoAttributes.fragment(value);
    if (fragment != null) {
      if (element.equals("use")) {
        usedIds.add(fragment);
        reused.add(fragment);
      }
      return "#" + SvgLogoAttributes.ID_PREFIX + fragment;
    }
    EmbeddedImage image = EmbeddedImage.of(value);
    if (image == null || !element.equals("image")) {
      throw refused("an external reference href=" + Quoted.of(value.length() > 40 ? value.substring(0, 40) + "…" : value));
    }
    embeddedPixels += image.pixels();
    if (embeddedPixels > MAX_EMBEDDED_PIXELS) {
      throw new QrSpecException("logo", "SVG embeds images of more than " + MAX_EMBEDDED_PIXELS + " pixels together");
    }
    return image.uri();
  }

  private void end() {
    Open closed = open.pop();
    if (closed.id != null) {
      subtreeSizes.put(closed.id, closed.size);
      if (closed.containsUse) {
        idsWithUse.add(closed.id);
      }
    }
    if (!open.isEmpty()) {
      open.peek().size += closed.size;
      open.peek().containsUse |= closed.containsUse;
    }
    if (closed.written && !open.isEmpty()) {
      out.append("</").append(closed.name).append('>');
    }
  }

  /** Text is drawn only inside text and tspan; elsewhere it is whitespace or a title's words. */
  private void text(String text) {
    Open current = open.peek();
    if (current != null && current.written && (current.name.equals("text") || current.name.equals("tspan"))) {
      out.append(escape(text));
    }
  }


  private static double[] viewBox(Map<String, String> root) {
    String viewBox = root.getOrDefault("viewBox", "").trim();
    if (!viewBox.isEmpty()) {
      String[] parts = viewBox.split("[\\s,]+");
      try {
        double[] box = {Double.parseDouble(parts[0]), Double.parseDouble(parts[1]),
            Double.parseDouble(parts[2]), Double.parseDouble(parts[3])};
        if (parts.length == 4 && box[2] > 0 && box[3] > 0 && Double.isFinite(box[2] + box[3] + box[0] + box[1])) {
          return box;
        }
      } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
        // falls through to the refusal below
      }
      throw new QrSpecException("logo", "SVG has a malformed viewBox " + Quoted.of(viewBox));
    }
    Matcher w = NUMBER.matcher(root.getOrDefault("width", ""));
    Matcher h = NUMBER.matcher(root.getOrDefault("height", ""));
    if (w.matches() && h.matches() && Double.parseDouble(w.group(1)) > 0 && Double.parseDouble(h.group(1)) > 0) {
      return new double[] {0, 0, Double.parseDouble(w.group(1)), Double.parseDouble(h.group(1))};
    }
    throw new QrSpecException("logo", "SVG needs a viewBox, or a width and height in px, to be placed");
  }

  private static String escape(String text) {
    StringBuilder s = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '&' -> s.append("&amp;");
        case '<' -> s.append("&lt;");
        case '>' -> s.append("&gt;");
        case '"' -> s.append("&quot;");
        default -> s.append(c);
      }
    }
    return s.toString();
  }

  private static QrSpecException refused(String what) {
    return new QrSpecException("logo", "SVG contains " + what + "; scripts, event handlers, foreign objects and "
        + "external references are refused");
  }

  static String number(double v) {
    return SvgPath.number(v);
  }
}
