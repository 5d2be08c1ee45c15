package dev.waymark.qr;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.w3c.dom.Attr;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

/**
 * An SVG logo that can be inlined into our SVG without running code or fetching anything: no
 * DOCTYPE, script, event handler, foreign object, processing instruction, or reference other than
 * an in-document fragment or an embedded PNG/JPEG.
 */
record SvgLogo(String markup, double width, double height) {
  static final String SVG_NS = "http://www.w3.org/2000/svg";

  private static final Set<String> REFUSED_ELEMENTS =
      Set.of("script", "foreignobject", "iframe", "embed", "object", "handler", "listener");
  private static final Set<String> ANIMATIONS = Set.of("set", "animate", "animatemotion", "animatetransform");
  private static final Pattern URL = Pattern.compile("url\\(\\s*['\"]?\\s*([^'\")\\s]*)", Pattern.CASE_INSENSITIVE);
  private static final Pattern NUMBER = Pattern.compile("\\s*([0-9]*\\.?[0-9]+(?:[eE][-+]?[0-9]+)?)\\s*(px)?\\s*");

  static boolean looksLikeXml(byte[] bytes) {
    int i = bytes.length >= 3 && (bytes[0] & 0xff) == 0xef && (bytes[1] & 0xff) == 0xbb && (bytes[2] & 0xff) == 0xbf ? 3 : 0;
    while (i < bytes.length && Character.isWhitespace(bytes[i])) {
      i++;
    }
    return i < bytes.length && bytes[i] == '<';
  }

  static SvgLogo read(byte[] bytes) {
    Document doc = parse(bytes);
    Element root = doc.getDocumentElement();
    if (!"svg".equals(root.getLocalName()) || !SVG_NS.equals(root.getNamespaceURI())) {
      throw new QrSpecException("logo", "is XML but not an SVG image (root element must be <svg> in the SVG namespace)");
    }
    inspectElement(root);
    double[] box = viewBox(root);
    for (String positional : new String[] {"x", "y", "width", "height", "preserveAspectRatio"}) {
      root.removeAttribute(positional);
    }
    root.setAttribute("viewBox", number(box[0]) + " " + number(box[1]) + " " + number(box[2]) + " " + number(box[3]));
    return new SvgLogo(serialise(root), box[2], box[3]);
  }

  private static Document parse(byte[] bytes) {
    try {
      DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
      factory.setNamespaceAware(true);
      // No DOCTYPE means no entities: no billion laughs, no external entity reads.
      factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
      factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
      factory.setXIncludeAware(false);
      factory.setExpandEntityReferences(false);
      DocumentBuilder builder = factory.newDocumentBuilder();
      builder.setErrorHandler(new org.xml.sax.helpers.DefaultHandler() {
        @Override
        public void fatalError(org.xml.sax.SAXParseException e) throws SAXException {
          throw e; // the default handler would also print to stderr
        }
      });
      return builder.parse(new ByteArrayInputStream(bytes));
    } catch (SAXException e) {
      String why = e.getMessage() != null && e.getMessage().contains("DOCTYPE")
          ? "SVG must not contain a DOCTYPE (entities are refused)"
          : "is not well-formed XML: " + e.getMessage();
      throw new QrSpecException("logo", why);
    } catch (ParserConfigurationException | IOException e) {
      throw new QrSpecException("logo", "could not be parsed: " + e.getMessage());
    }
  }

  private static void inspect(Node node) {
    for (Node child = node.getFirstChild(); child != null; child = child.getNextSibling()) {
      if (child.getNodeType() == Node.PROCESSING_INSTRUCTION_NODE) {
        throw refused("a processing instruction <?" + child.getNodeName() + "?>");
      }
      if (child.getNodeType() == Node.TEXT_NODE || child.getNodeType() == Node.CDATA_SECTION_NODE) {
        checkValue("text of <" + node.getNodeName() + ">", child.getNodeValue());
      }
      if (child.getNodeType() == Node.ELEMENT_NODE) {
        inspectElement((Element) child);
      }
    }
  }

  private static void inspectElement(Element element) {
    String name = local(element).toLowerCase(Locale.ROOT);
    if (REFUSED_ELEMENTS.contains(name)) {
      throw refused("a <" + element.getNodeName() + "> element");
    }
    if (ANIMATIONS.contains(name) && element.getAttribute("attributeName").toLowerCase(Locale.ROOT).contains("href")) {
      throw refused("an animation of href in <" + element.getNodeName() + ">");
    }
    NamedNodeMap attributes = element.getAttributes();
    for (int i = 0; i < attributes.getLength(); i++) {
      Attr attr = (Attr) attributes.item(i);
      if (XMLConstants.XMLNS_ATTRIBUTE_NS_URI.equals(attr.getNamespaceURI())) {
        continue;
      }
      String attrName = local(attr).toLowerCase(Locale.ROOT);
      if (attrName.startsWith("on")) {
        throw refused("an event-handler attribute " + attr.getName() + " on <" + element.getNodeName() + ">");
      }
      if (attrName.equals("href") && !internalOrEmbedded(attr.getValue())) {
        throw refused("an external reference " + attr.getName() + "=" + Quoted.of(attr.getValue()));
      }
      checkValue(attr.getName() + " on <" + element.getNodeName() + ">", attr.getValue());
    }
    inspect(element);
  }

  /** Attribute values and style text can reference URLs through CSS: url(...) and @import. */
  private static void checkValue(String where, String value) {
    String lower = value.toLowerCase(Locale.ROOT);
    if (lower.contains("@import") || lower.contains("javascript:")) {
      throw refused("an external reference in " + where);
    }
    Matcher url = URL.matcher(value);
    while (url.find()) {
      if (!internalOrEmbedded(url.group(1))) {
        throw refused("an external reference url(" + Quoted.of(url.group(1)) + ") in " + where);
      }
    }
  }

  private static boolean internalOrEmbedded(String reference) {
    String ref = reference.trim().toLowerCase(Locale.ROOT);
    return ref.startsWith("#") || ref.startsWith("data:image/png") || ref.startsWith("data:image/jpeg");
  }

  private static double[] viewBox(Element root) {
    String viewBox = root.getAttribute("viewBox").trim();
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
    Matcher w = NUMBER.matcher(root.getAttribute("width"));
    Matcher h = NUMBER.matcher(root.getAttribute("height"));
    if (w.matches() && h.matches() && Double.parseDouble(w.group(1)) > 0 && Double.parseDouble(h.group(1)) > 0) {
      return new double[] {0, 0, Double.parseDouble(w.group(1)), Double.parseDouble(h.group(1))};
    }
    throw new QrSpecException("logo", "SVG needs a viewBox, or a width and height in px, to be placed");
  }

  private static String serialise(Element root) {
    try {
      TransformerFactory factory = TransformerFactory.newInstance();
      factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      Transformer transformer = factory.newTransformer();
      transformer.setOutputProperty(OutputKeys.OMIT_XML_DECLARATION, "yes");
      StringWriter out = new StringWriter();
      transformer.transform(new DOMSource(root), new StreamResult(out));
      return out.toString();
    } catch (TransformerException e) {
      throw new QrSpecException("logo", "SVG could not be re-serialised: " + e.getMessage());
    }
  }

  private static String local(Node node) {
    return node.getLocalName() != null ? node.getLocalName() : node.getNodeName();
  }

  private static QrSpecException refused(String what) {
    return new QrSpecException("logo", "SVG contains " + what + "; scripts, event handlers, foreign objects and "
        + "external references are refused");
  }

  static String number(double v) {
    return SvgPath.number(v);
  }
}
