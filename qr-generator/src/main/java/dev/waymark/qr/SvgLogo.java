package dev.waymark.qr;

import java.io.ByteArrayInputStream;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * An SVG logo rebuilt from an allow-list, so it can be inlined into our SVG and can neither run
 * code, fetch anything, nor change how the code around it is drawn: only shapes, paths, groups,
 * gradients, clip paths, masks, text, {@code use} of its own fragments and embedded PNG/JPEG
 * images are kept, with presentation attributes whose values are parsed and re-serialised
 * ({@link SvgLogoAttributes}); {@code style="..."} and class rules of a {@code <style>}
 * ({@link SvgLogoStyleSheet}) become such attributes, no style sheet or class is written, and
 * every id is prefixed.
 *
 * <p>Parsing streams (StAX, no DTD, no entities) and bounds depth, element count and embedded
 * pixels, and what reuse ({@code use}, clip paths, masks) would multiply, as it goes
 * ({@link SvgLogoRebuild}), so a hostile document is refused with a precise message before it
 * costs memory or stack. Script, foreign objects, style rules other than plain classes, event
 * handlers and external references are refused by name; anything else not on the allow-list
 * (metadata, editor namespaces, titles, filters, animations) is dropped.
 */
record SvgLogo(String markup, double width, double height) {
  static final String SVG_NS = "http://www.w3.org/2000/svg";
  static final String XLINK_NS = "http://www.w3.org/1999/xlink";
  /** Deeper than any logo needs, well below what renderers accept inside our own document (jsvg: 30). */
  static final int MAX_DEPTH = 24;
  /** Elements of any kind; renderers cap paths too (jsvg: 2000), and every one is drawn on each request. */
  static final int MAX_ELEMENTS = 2000;
  /** Shapes drawn once every {@code use}, clip path and mask is expanded: reuse must not multiply the work. */
  static final int MAX_DRAWN = 10_000;
  /** Pixels of all embedded images together: one {@link PngLogo#MAX_SIDE} square. */
  static final long MAX_EMBEDDED_PIXELS = (long) PngLogo.MAX_SIDE * PngLogo.MAX_SIDE;

  static boolean looksLikeXml(byte[] bytes) {
    int i = bytes.length >= 3 && (bytes[0] & 0xff) == 0xef && (bytes[1] & 0xff) == 0xbb && (bytes[2] & 0xff) == 0xbf ? 3 : 0;
    while (i < bytes.length && Character.isWhitespace(bytes[i])) {
      i++;
    }
    return i < bytes.length && bytes[i] == '<';
  }

  static SvgLogo read(byte[] bytes) {
    try {
      // Two passes: class rules of a <style> apply to elements before it as well as after it.
      XMLStreamReader first = factory().createXMLStreamReader(new ByteArrayInputStream(bytes));
      SvgLogoStyleSheet sheet;
      try {
        sheet = styleSheet(first);
      } finally {
        first.close();
      }
      XMLStreamReader xml = factory().createXMLStreamReader(new ByteArrayInputStream(bytes));
      try {
        return new SvgLogoRebuild(sheet).run(xml);
      } finally {
        xml.close();
      }
    } catch (XMLStreamException e) {
      String message = e.getMessage() == null ? "" : e.getMessage();
      throw new QrSpecException("logo", message.contains("DOCTYPE") || message.contains("DTD")
          ? "SVG must not contain a DOCTYPE (entities are refused)"
          : "is not well-formed XML: " + message.replaceAll("\\s+", " ").strip());
    }
  }

  /** The class rules of all {@code <style>} elements; the first pass, which also refuses a DOCTYPE. */
  private static SvgLogoStyleSheet styleSheet(XMLStreamReader xml) throws XMLStreamException {
    StringBuilder css = new StringBuilder();
    int inStyle = 0;
    while (xml.hasNext()) {
      switch (xml.next()) {
        case XMLStreamConstants.DTD -> throw new QrSpecException("logo", "SVG must not contain a DOCTYPE (entities are refused)");
        case XMLStreamConstants.START_ELEMENT -> inStyle += inStyle > 0 || xml.getLocalName().equals("style") ? 1 : 0;
        case XMLStreamConstants.END_ELEMENT -> inStyle -= inStyle > 0 ? 1 : 0;
        case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA -> {
          if (inStyle > 0) {
            css.append(xml.getText()).append('\n');
          }
        }
        default -> { }
      }
    }
    return css.isEmpty() ? SvgLogoStyleSheet.EMPTY : SvgLogoStyleSheet.parse(css.toString());
  }

  private static XMLInputFactory factory() {
    XMLInputFactory factory = XMLInputFactory.newFactory();
    // No DTD means no entities: no billion laughs, no external entity reads.
    factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    factory.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
    factory.setProperty(XMLInputFactory.IS_COALESCING, true);
    return factory;
  }

  static String number(double v) {
    return SvgPath.number(v);
  }
}
