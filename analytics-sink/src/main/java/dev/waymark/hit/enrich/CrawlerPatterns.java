package dev.waymark.hit.enrich;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The public crawler-user-agents list (vendored beside this class, MIT, see its LICENSE and
 * VERSION) compiled once: {@link #match} names the first entry, in list order, whose pattern
 * occurs in an agent, or says none does. Immutable and thread-safe.
 *
 * <p>Cost stays near one pass over the agent however long the list grows: each pattern's longest
 * literal that every match must contain is indexed by its first three characters, so an agent
 * runs only the regexes of entries whose literal it holds (plus the few with no usable literal).
 * Patterns keep the list's own case-sensitive meaning.
 */
final class CrawlerPatterns {

  static final String RESOURCE = "crawler-user-agents/crawler-user-agents.json";

  /** One pattern of the list; {@code index} is its place in the list, which decides ties. */
  record Entry(int index, Pattern pattern, String name) {}

  private static final int BUCKETS = 4096;
  private static final int MAX_NAME = 48;

  private final int size;
  private final Entry[] unindexed;
  private final Entry[][] buckets;
  private final String[][] literals;

  private CrawlerPatterns(int size, List<Entry> unindexed, Entry[][] buckets, String[][] literals) {
    this.size = size;
    this.unindexed = unindexed.toArray(Entry[]::new);
    this.buckets = buckets;
    this.literals = literals;
  }

  /**
   * Patterns of the list that also match real browsers, skipped: "Sogou" is Sogou's crawler and
   * its mobile browser ("SogouMobileBrowser"). Sogou's spider still says "spider", which the
   * generic words catch.
   */
  static final Set<String> MATCH_BROWSERS = Set.of("Sogou");

  /** The vendored list. */
  static CrawlerPatterns vendored() {
    try (InputStream in = CrawlerPatterns.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + RESOURCE);
      }
      return of(new ObjectMapper().readTree(in));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A list in the package's JSON form: an array of {pattern, url, instances}. */
  static CrawlerPatterns of(JsonNode list) {
    List<Entry> unindexed = new ArrayList<>();
    List<List<Entry>> byBucket = new ArrayList<>();
    List<List<String>> litByBucket = new ArrayList<>();
    for (int b = 0; b < BUCKETS; b++) {
      byBucket.add(new ArrayList<>());
      litByBucket.add(new ArrayList<>());
    }
    int index = 0;
    for (JsonNode node : list) {
      String regex = node.path("pattern").asText();
      if (MATCH_BROWSERS.contains(regex)) {
        index++;
        continue;
      }
      Pattern pattern = Pattern.compile(regex);
      Entry entry = new Entry(index++, pattern, name(pattern, node));
      List<String> required = requiredLiterals(regex);
      if (required.stream().anyMatch(l -> l.length() < 3)) {
        unindexed.add(entry);
        continue;
      }
      for (String literal : required) {
        int b = bucket(literal.charAt(0), literal.charAt(1), literal.charAt(2));
        byBucket.get(b).add(entry);
        litByBucket.get(b).add(literal);
      }
    }
    Entry[][] buckets = new Entry[BUCKETS][];
    String[][] literals = new String[BUCKETS][];
    for (int b = 0; b < BUCKETS; b++) {
      if (!byBucket.get(b).isEmpty()) {
        buckets[b] = byBucket.get(b).toArray(Entry[]::new);
        literals[b] = litByBucket.get(b).toArray(String[]::new);
      }
    }
    return new CrawlerPatterns(index, unindexed, buckets, literals);
  }

  int size() {
    return size;
  }

  /** Patterns that every agent must try, having no literal of three characters to index. */
  int unindexed() {
    return unindexed.length;
  }

  /** The earliest entry of the list whose pattern occurs in {@code ua}, or {@code null}. */
  Entry match(String ua) {
    Entry best = null;
    for (Entry e : unindexed) {
      if (e.pattern().matcher(ua).find()) {
        best = e;
        break;
      }
    }
    for (int i = 0; i + 3 <= ua.length(); i++) {
      int b = bucket(ua.charAt(i), ua.charAt(i + 1), ua.charAt(i + 2));
      Entry[] candidates = buckets[b];
      if (candidates == null) {
        continue;
      }
      String[] lits = literals[b];
      for (int k = 0; k < candidates.length; k++) {
        Entry e = candidates[k];
        if ((best == null || e.index() < best.index()) && ua.startsWith(lits[k], i)
            && e.pattern().matcher(ua).find()) {
          best = e;
        }
      }
    }
    return best;
  }

  private static int bucket(char a, char b, char c) {
    return ((a * 31 + b) * 31 + c) & (BUCKETS - 1);
  }

  /**
   * For each top-level alternative of {@code regex}, its longest run of literal characters that
   * every match must contain: outside groups and character classes, and not made optional by a
   * quantifier. An alternative with no such run yields {@code ""}.
   */
  static List<String> requiredLiterals(String regex) {
    List<String> out = new ArrayList<>();
    String best = "";
    StringBuilder run = new StringBuilder();
    int depth = 0;
    for (int i = 0; i < regex.length(); i++) {
      char c = regex.charAt(i);
      boolean literal = false;
      char value = c;
      if (c == '\\' && i + 1 < regex.length()) {
        value = regex.charAt(++i);
        literal = !Character.isLetterOrDigit(value); // \d, \s, \b...: a class or an anchor
      } else if (c == '[') {
        i = endOfClass(regex, i);
      } else if (c == '(') {
        depth++;
      } else if (c == ')') {
        depth--;
      } else if (c == '?' || c == '*' || c == '{') {
        if (run.length() > 0) {
          run.setLength(run.length() - 1); // the char before may occur zero times
        }
        if (c == '{') {
          i = Math.max(i, regex.indexOf('}', i));
        }
      } else if (c == '|' && depth == 0) {
        best = longer(best, run);
        out.add(best);
        best = "";
        run.setLength(0);
        continue;
      } else {
        literal = c != '.' && c != '^' && c != '$' && c != '+' && c != '|';
      }
      if (literal && depth == 0) {
        run.append(value);
      } else {
        best = longer(best, run);
        run.setLength(0);
      }
    }
    out.add(longer(best, run));
    return out;
  }

  private static String longer(String best, CharSequence run) {
    return run.length() > best.length() ? run.toString() : best;
  }

  private static int endOfClass(String regex, int open) {
    for (int i = open + 1; i < regex.length(); i++) {
      char c = regex.charAt(i);
      if (c == '\\') {
        i++;
      } else if (c == ']' && i > open + 1) {
        return i;
      }
    }
    return regex.length();
  }

  /**
   * A readable, fixed {@code bot_name}: what the pattern matches in the entry's first example that
   * it matches, cut before any parenthesised comment and trimmed to letters and digits at both
   * ends ("S[eE][mM]rushBot" gives "SemrushBot"). Fixed per entry, so the column's values stay as
   * few as the list's entries, whatever agents arrive.
   */
  private static String name(Pattern pattern, JsonNode entry) {
    for (JsonNode instance : entry.path("instances")) {
      Matcher m = pattern.matcher(instance.asText());
      if (m.find()) {
        String name = trim(cut(m.group()));
        if (!name.isEmpty()) {
          return name;
        }
      }
    }
    String fallback = trim(cut(pattern.pattern().replace("\\", "")));
    return fallback.isEmpty() ? "crawler" : fallback;
  }

  private static String cut(String text) {
    int end = text.length();
    for (char stop : new char[] {'(', ';', ','}) {
      int at = text.indexOf(stop, 1);
      if (at > 0) {
        end = Math.min(end, at);
      }
    }
    return text.substring(0, Math.min(end, MAX_NAME));
  }

  private static String trim(String text) {
    int from = 0;
    int to = text.length();
    while (from < to && !Character.isLetterOrDigit(text.charAt(from))) {
      from++;
    }
    while (to > from && !Character.isLetterOrDigit(text.charAt(to - 1))) {
      to--;
    }
    return CleanText.of(text.substring(from, to), MAX_NAME);
  }
}
