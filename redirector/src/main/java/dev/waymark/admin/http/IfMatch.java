package dev.waymark.admin.http;

import dev.waymark.problem.ProblemException;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code If-Match} precondition of a write (RFC 9110, section 13.1.1): absent (the write
 * applies to whatever is current), {@code *} (the object must exist), or a list of entity tags
 * of which one must be the current object's, compared strongly, so a weak tag never matches.
 * A value that is none of these is a 400 naming {@code If-Match}, before anything is read.
 */
public record IfMatch(boolean present, boolean any, List<String> tags) {

  static final String HEADER = "If-Match";
  static final IfMatch NONE = new IfMatch(false, false, List.of());

  public IfMatch {
    tags = List.copyOf(tags);
  }

  /** The request's precondition; several {@code If-Match} headers count as one list. */
  public static IfMatch of(RoutingContext ctx) {
    List<String> values = ctx.request().headers().getAll(HEADER);
    if (values.isEmpty()) {
      return NONE;
    }
    return parse(String.join(",", values));
  }

  public static IfMatch parse(String value) {
    String v = value.strip();
    if (v.equals("*")) {
      return new IfMatch(true, true, List.of());
    }
    List<String> tags = new ArrayList<>();
    int seen = 0;
    int i = 0;
    while (i < v.length()) {
      char c = v.charAt(i);
      if (c == ',' || c == ' ' || c == '\t') {
        i++;
        continue;
      }
      boolean weak = v.startsWith("W/", i);
      int open = weak ? i + 2 : i;
      if (open >= v.length() || v.charAt(open) != '"') {
        throw malformed();
      }
      int close = open + 1;
      while (close < v.length() && v.charAt(close) != '"') {
        char t = v.charAt(close);
        // etagc: visible ASCII but the quote, or obs-text
        if (t < 0x21 || t == 0x7f) {
          throw malformed();
        }
        close++;
      }
      if (close >= v.length()) {
        throw malformed();
      }
      seen++;
      if (!weak) {
        tags.add(v.substring(open, close + 1));
      }
      i = close + 1;
      if (i < v.length() && v.charAt(i) != ',' && v.charAt(i) != ' ' && v.charAt(i) != '\t') {
        throw malformed();
      }
    }
    if (seen == 0) {
      throw malformed();
    }
    return new IfMatch(true, false, tags);
  }

  /**
   * Refuses with 412 when the precondition does not hold for the current object's tag
   * ({@code null} when there is none); {@code what} names the object in the detail.
   */
  public void check(String currentTag, String what) {
    if (!present) {
      return;
    }
    if (currentTag == null) {
      throw ProblemException.preconditionFailed(what + " does not exist, so " + HEADER + " cannot match");
    }
    if (!any && !tags.contains(currentTag)) {
      throw ProblemException.preconditionFailed(what + " has changed: its ETag is now " + currentTag
          + ", not the " + HEADER + " sent; nothing was written. GET it, re-apply the change, and send the new ETag");
    }
  }

  private static ProblemException malformed() {
    return ProblemException.invalid(HEADER, "must be * or a list of quoted entity tags such as \"abc\", as sent in ETag");
  }
}
