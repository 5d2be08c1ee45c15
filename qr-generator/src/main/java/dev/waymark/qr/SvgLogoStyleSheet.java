package dev.waymark.qr;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The class rules of an SVG logo's {@code <style>} elements, to be written onto the logo's own
 * elements as checked presentation attributes; the style sheet itself is never served. Only
 * rules whose selectors are all plain classes ({@code .st0}, as design tools export) are taken
 * over: any other selector would reach the code around the logo, so it is refused.
 */
record SvgLogoStyleSheet(List<Rule> rules) {
  static final SvgLogoStyleSheet EMPTY = new SvgLogoStyleSheet(List.of());

  private static final Pattern COMMENT = Pattern.compile("/\\*.*?\\*/", Pattern.DOTALL);
  private static final Pattern RULE = Pattern.compile("\\s*([^{}]*)\\{([^{}]*)}\\s*");
  private static final Pattern CLASS = Pattern.compile("\\.(-?[A-Za-z_][A-Za-z0-9_-]*)");

  /** One class and the checked declarations that apply to it. */
  record Rule(String className, Map<String, String> declarations) {}

  /** Parses the text of every {@code <style>} element; refuses anything but class rules. */
  static SvgLogoStyleSheet parse(String css) {
    if (css.indexOf('\\') >= 0) {
      throw refused("a CSS escape (\\)");
    }
    String text = COMMENT.matcher(css).replaceAll(" ").replace("<!--", " ").replace("-->", " ");
    List<Rule> rules = new ArrayList<>();
    Matcher rule = RULE.matcher(text);
    int at = 0;
    while (at < text.length() && rule.find(at) && rule.start() == at) {
      List<String> classes = new ArrayList<>();
      for (String selector : rule.group(1).split(",")) {
        Matcher plainClass = CLASS.matcher(selector.strip());
        if (!plainClass.matches()) {
          throw refused(Quoted.of(selector.strip()));
        }
        classes.add(plainClass.group(1));
      }
      Map<String, String> declarations = SvgLogoAttributes.style(rule.group(2), "style");
      classes.forEach(name -> rules.add(new Rule(name, declarations)));
      at = rule.end();
    }
    if (!text.substring(at).isBlank()) {
      throw refused(Quoted.of(text.substring(at).strip()));
    }
    return new SvgLogoStyleSheet(List.copyOf(rules));
  }

  /** The declarations for an element of these classes, later rules winning as in CSS (all have one specificity). */
  Map<String, String> forClasses(String classAttribute) {
    Map<String, String> applied = new LinkedHashMap<>();
    if (classAttribute == null || rules.isEmpty()) {
      return applied;
    }
    List<String> classes = List.of(classAttribute.strip().split("\\s+"));
    for (Rule rule : rules) {
      if (classes.contains(rule.className())) {
        applied.putAll(rule.declarations());
      }
    }
    return applied;
  }

  private static QrSpecException refused(String what) {
    return new QrSpecException("logo", "SVG contains a <style> element; a style sheet would apply to the whole QR "
        + "code, not only the logo: only rules of plain class selectors (.st0 { fill: #e65100 }) are taken over, "
        + "and " + what + " is not one; use those, presentation attributes or style=\"...\"");
  }
}
