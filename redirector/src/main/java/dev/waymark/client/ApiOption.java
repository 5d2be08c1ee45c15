package dev.waymark.client;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Option;

/**
 * The {@code --api} option of every command that calls the admin API (a picocli mixin), and the
 * checks of it and of the key, each problem naming its option. {@code --key} itself stays with each
 * command: what the key must be allowed to do, and so its help, differs.
 */
public final class ApiOption {

  @Option(names = "--api", required = true, paramLabel = "URL",
      description = "Base URL of Waymark's admin API, such as http://127.0.0.1:8081.")
  String api;

  /** The base URL, or {@code null} after adding why not to {@code problems}. */
  public URI uri(List<String> problems) {
    try {
      URI uri = new URI(api);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null && uri.getRawQuery() == null) {
        return uri;
      }
    } catch (URISyntaxException e) {
      // Reported below, with the form expected.
    }
    problems.add("--api: '" + api + "' is not an http(s) base URL such as http://127.0.0.1:8081");
    return null;
  }

  /** Adds to {@code problems} why {@code key} (from {@code --key} or the environment) cannot be sent, if it cannot. */
  public static void checkKey(String key, List<String> problems) {
    if (key == null || key.isBlank()) {
      problems.add("--key: required; pass it or set WAYMARK_ADMIN_API_KEY");
    } else if (!key.chars().allMatch(c -> c > ' ' && c < 0x7f)) {
      problems.add("--key: may hold only printable ASCII without spaces, as the keys Waymark issues do");
    }
  }
}
