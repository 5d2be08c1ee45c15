package dev.waymark.destination;

import com.ibm.icu.lang.UScript;
import com.ibm.icu.text.SpoofChecker;
import java.net.IDN;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * Tells hosts that are made to be mistaken for a protected (brand) host from that host and its
 * subdomains, by the UTS #39 confusable skeletons of ICU's {@link SpoofChecker}: {@code exаmple.com}
 * with a Cyrillic {@code а}, {@code examp1e.com}, {@code exarnple.com} and their subdomains all
 * share the skeleton of {@code example.com}. Also refuses, on any host outside the protected
 * ones, a label that mixes scripts (Latin with Cyrillic or Greek, say) beyond what UTS #39 calls
 * highly restrictive, the classic disguise for hosts that are not any listed brand yet.
 *
 * <p>ASCII look-alikes (digit one for l, rn for m) count as well: a typo-squatted host is as
 * much a phishing host as a homograph, and a real host caught by mistake is let through by
 * listing it as protected too. Immutable; {@link SpoofChecker}'s checks are thread-safe.
 */
final class LookAlikes {

  private record Protected(String host, String skeleton) {}

  private final List<Protected> hosts;
  private final SpoofChecker confusables;
  private final SpoofChecker mixedScripts;

  /** {@code protectedHosts} normalised (ASCII, lower case); building loads ICU's data, tens of ms. */
  LookAlikes(List<String> protectedHosts) {
    confusables = new SpoofChecker.Builder().setChecks(SpoofChecker.CONFUSABLE).build();
    mixedScripts = new SpoofChecker.Builder().setChecks(SpoofChecker.RESTRICTION_LEVEL)
        .setRestrictionLevel(SpoofChecker.RestrictionLevel.HIGHLY_RESTRICTIVE).build();
    List<Protected> list = new ArrayList<>();
    for (String host : protectedHosts) {
      list.add(new Protected(host, skeleton(host)));
    }
    hosts = List.copyOf(list);
    // The first check loads more of ICU (tens of ms); do it here, at start, not on an event loop.
    problem("xn--80ak6aa92e.com");
  }

  /** The protected hosts as normalised. */
  List<String> hosts() {
    return hosts.stream().map(Protected::host).toList();
  }

  /** Why {@code host} (normalised, ASCII) is a look-alike, or {@code null} when it is not. */
  String problem(String host) {
    for (Protected p : hosts) {
      if (host.equals(p.host()) || host.endsWith("." + p.host())) {
        return null; // the brand's own host or one of its subdomains
      }
    }
    String unicode = unicode(host);
    String skeleton = confusables.getSkeleton(unicode);
    for (Protected p : hosts) {
      if (skeleton.equals(p.skeleton()) || skeleton.endsWith("." + p.skeleton())) {
        return "host " + shown(host, unicode) + " looks like the protected host '" + unicode(p.host())
            + "' but is not it nor one of its subdomains; links to look-alikes of protected hosts are refused";
      }
    }
    for (String label : unicode.split("\\.")) {
      if (mixedScripts.failsChecks(label)) {
        return "host " + shown(host, unicode) + " has a label '" + label + "' that mixes scripts ("
            + String.join(", ", scripts(label)) + "), a common disguise; such hosts are refused";
      }
    }
    return null;
  }

  private String skeleton(String host) {
    return confusables.getSkeleton(unicode(host));
  }

  /** The host as a browser would show it: skeletons work on what people see, not on punycode. */
  private static String unicode(String host) {
    return IDN.toUnicode(host, IDN.ALLOW_UNASSIGNED).toLowerCase(Locale.ROOT);
  }

  private static String shown(String host, String unicode) {
    return host.equals(unicode) ? "'" + host + "'" : "'" + host + "' ('" + unicode + "')";
  }

  private static Set<String> scripts(String label) {
    Set<String> names = new TreeSet<>();
    label.codePoints().map(UScript::getScript)
        .filter(s -> s != UScript.COMMON && s != UScript.INHERITED)
        .forEach(s -> names.add(UScript.getName(s)));
    return names;
  }
}
