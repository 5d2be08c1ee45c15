package dev.waymark.qr;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The attributes an SVG logo may keep, each with the grammar its value must match; a value is
 * re-serialised from what the grammar read, never copied through, so no CSS escape, comment,
 * function or reference outside the logo survives. Ids and in-document references get
 * {@link #ID_PREFIX}, so a logo can neither reach nor restyle anything of the code around it.
 */
final class SvgLogoAttributes {
  /** Put in front of every id of a logo and every reference to one; the code's own SVG has no ids with it. */
  static final String ID_PREFIX = "logo-";

  /** What a value may be; each grammar has no backslash, quote-escape, colon or slash, so no URL or CSS escape fits. */
  enum Grammar {
    /** Numbers with units, percentages, keywords and number lists: no parentheses, so no function at all. */
    PLAIN("[0-9A-Za-z.,+\\-\\s%]*"),
    /** Path data and point lists. */
    GEOMETRY("[0-9MmLlHhVvCcSsQqTtAaZzEe.,+\\-\\s]*"),
    /** Transform lists: only the transform functions. */
    TRANSFORM("(?:\\s*(?:matrix|translate|scale|rotate|skewX|skewY)\\s*\\([0-9eE.,+\\-\\s]*\\)\\s*,?)*\\s*"),
    /** A colour: hex, a name, or rgb()/hsl() of numbers. */
    COLOUR("\\s*(?:#[0-9A-Fa-f]{3,8}|[A-Za-z]+|(?:rgba?|hsla?)\\([0-9.,%\\s+\\-]*\\))\\s*"),
    /** A colour, none, or url(#id) with an optional colour fallback. */
    PAINT(""),
    /** none or url(#id). */
    REFERENCE(""),
    /** Font family names, quoted or not. */
    FONT("[A-Za-z0-9 ,'\"_\\-]*"),
    /** An element id. */
    ID("[A-Za-z_][A-Za-z0-9_.\\-]*");

    private final Pattern pattern;

    Grammar(String regex) {
      this.pattern = Pattern.compile(regex);
    }
  }

  private static final Pattern URL = Pattern.compile(
      "\\s*url\\(\\s*(['\"]?)#([A-Za-z_][A-Za-z0-9_.\\-]*)\\1\\s*\\)\\s*(.*)", Pattern.DOTALL);
  private static final Pattern IMPORTANT = Pattern.compile("!\\s*important\\s*$", Pattern.CASE_INSENSITIVE);
  private static final Map<String, Grammar> KEPT = new LinkedHashMap<>();

  static {
    for (String plain : new String[] {"x", "y", "width", "height", "rx", "ry", "cx", "cy", "r", "fx", "fy", "fr",
        "x1", "y1", "x2", "y2", "dx", "dy", "viewBox", "preserveAspectRatio", "offset", "gradientUnits",
        "spreadMethod", "clipPathUnits", "maskUnits", "maskContentUnits", "pathLength", "opacity", "fill-opacity",
        "fill-rule", "stroke-width", "stroke-opacity", "stroke-linecap", "stroke-linejoin", "stroke-miterlimit",
        "stroke-dasharray", "stroke-dashoffset", "stop-opacity", "clip-rule", "display", "visibility",
        "font-size", "font-weight", "font-style", "text-anchor", "letter-spacing"}) {
      KEPT.put(plain, Grammar.PLAIN);
    }
    KEPT.put("d", Grammar.GEOMETRY);
    KEPT.put("points", Grammar.GEOMETRY);
    KEPT.put("transform", Grammar.TRANSFORM);
    KEPT.put("gradientTransform", Grammar.TRANSFORM);
    KEPT.put("fill", Grammar.PAINT);
    KEPT.put("stroke", Grammar.PAINT);
    KEPT.put("stop-color", Grammar.COLOUR);
    KEPT.put("color", Grammar.COLOUR);
    KEPT.put("clip-path", Grammar.REFERENCE);
    KEPT.put("mask", Grammar.REFERENCE);
    KEPT.put("font-family", Grammar.FONT);
    KEPT.put("id", Grammar.ID);
  }

  /** Style properties that are also presentation attributes; {@code style="..."} is reduced to these. */
  private static final Set<String> STYLE_PROPERTIES = Set.of("opacity", "fill", "fill-opacity", "fill-rule", "stroke",
      "stroke-width", "stroke-opacity", "stroke-linecap", "stroke-linejoin", "stroke-miterlimit", "stroke-dasharray",
      "stroke-dashoffset", "stop-color", "stop-opacity", "clip-path", "clip-rule", "mask", "display", "visibility",
      "font-family", "font-size", "font-weight", "font-style", "text-anchor", "letter-spacing", "color");

  private SvgLogoAttributes() {}

  /** True when the attribute is kept (its value still has to pass {@link #value}). */
  static boolean kept(String name) {
    return KEPT.containsKey(name);
  }

  /**
   * The value to write for a kept attribute; throws a precise refusal when the value does not
   * match the attribute's grammar.
   *
   * @param where for the message, e.g. {@code "on <rect>"} or {@code "(in style) on <rect>"}
   */
  static String value(String name, String value, String where) {
    Grammar grammar = KEPT.get(name);
    String checked = switch (grammar) {
      case PAINT -> paint(value, true);
      case REFERENCE -> value.strip().equals("none") ? "none" : reference(value, false);
      case ID -> grammar.pattern.matcher(value.strip()).matches() ? ID_PREFIX + value.strip() : null;
      default -> grammar.pattern.matcher(value).matches() ? value.strip() : null;
    };
    if (checked == null && value.toLowerCase(Locale.ROOT).contains("url(")) {
      throw new QrSpecException("logo", "SVG contains an external reference " + Quoted.of(value.strip()) + " in "
          + name + " " + where + "; only in-document references url(#id) are kept");
    }
    if (checked == null) {
      throw new QrSpecException("logo", "SVG attribute " + name + "=" + Quoted.of(value) + " " + where + " is "
          + expected(grammar) + "; CSS escapes, functions and external references are refused");
    }
    return checked;
  }

  /**
   * The kept presentation attributes of a {@code style} attribute, checked like attributes.
   * Unknown properties are dropped; a declaration of a kept property that does not parse is refused.
   */
  static Map<String, String> style(String style, String element) {
    Map<String, String> kept = new LinkedHashMap<>();
    for (String declaration : style.split(";")) {
      int colon = declaration.indexOf(':');
      if (declaration.isBlank()) {
        continue;
      }
      String property = (colon < 0 ? declaration : declaration.substring(0, colon)).strip().toLowerCase(Locale.ROOT);
      if (!STYLE_PROPERTIES.contains(property)) {
        continue;
      }
      // !important only orders rules against other rules; all that is left of them here are attributes.
      String raw = IMPORTANT.matcher(colon < 0 ? "" : declaration.substring(colon + 1)).replaceFirst("");
      kept.put(property, value(property, raw, "(in style) on <" + element + ">"));
    }
    return kept;
  }

  /** The id of an in-document reference {@code #id} (unprefixed), or null for anything else. */
  static String fragment(String href) {
    String ref = href.strip();
    return ref.startsWith("#") && Grammar.ID.pattern.matcher(ref.substring(1)).matches() ? ref.substring(1) : null;
  }

  private static String paint(String value, boolean fallback) {
    String v = value.strip();
    if (v.equals("none") || v.equals("currentColor")) {
      return v;
    }
    if (Grammar.COLOUR.pattern.matcher(v).matches()) {
      return v;
    }
    return fallback ? reference(v, true) : null;
  }

  private static String reference(String value, boolean fallback) {
    Matcher url = URL.matcher(value);
    if (!url.matches()) {
      return null;
    }
    String rest = url.group(3).strip();
    String after = rest.isEmpty() ? "" : fallback ? paint(rest, false) : null;
    if (after == null) {
      return null;
    }
    return "url(#" + ID_PREFIX + url.group(2) + ")" + (after.isEmpty() ? "" : " " + after);
  }

  private static String expected(Grammar grammar) {
    return switch (grammar) {
      case PAINT -> "not a colour, none or an in-document url(#id)";
      case REFERENCE -> "not none or an in-document url(#id)";
      case COLOUR -> "not a colour";
      case ID -> "not a plain name (letters, digits, _ . -)";
      case TRANSFORM -> "not a list of transform functions";
      case FONT -> "not a list of font names";
      default -> "not plain numbers and keywords";
    };
  }
}
