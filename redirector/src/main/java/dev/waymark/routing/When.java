package dev.waymark.routing;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * The conditions of one {@link Rule}, all of which must hold (an empty list or a missing key
 * holds always). Within one list, any value matches: {@code "os":["ios","android"]} is a phone of
 * either kind.
 *
 * @param device   {@link DeviceType} wire names
 * @param os       {@link OsFamily} wire names
 * @param browser  {@link BrowserFamily} wire names
 * @param country  ISO 3166-1 alpha-2 codes, upper case
 * @param language BCP 47 primary tags ({@code nl}) or tags with a region ({@code nl-BE}), lower
 *                 case language and upper case region, matched against the visitor's first choice
 * @param qr       true: scans of a printed code only; false: everything else; {@code null}: both
 * @param query    request parameters that must be present with exactly these (decoded) values;
 *                 the value {@code "*"} asks only that the parameter is present
 * @param time     a local time window, {@code null} for any time
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record When(
    List<String> device,
    List<String> os,
    List<String> browser,
    List<String> country,
    List<String> language,
    Boolean qr,
    Map<String, String> query,
    TimeWindow time) {

  /** The keys a {@code when} object may have, as the admin API names them. */
  public static final List<String> KEYS =
      List.of("device", "os", "browser", "country", "language", "qr", "query", "time");

  public When {
    device = device == null ? List.of() : List.copyOf(device);
    os = os == null ? List.of() : List.copyOf(os);
    browser = browser == null ? List.of() : List.copyOf(browser);
    country = country == null ? List.of() : List.copyOf(country);
    language = language == null ? List.of() : List.copyOf(language);
    query = query == null ? Map.of() : Map.copyOf(query);
  }
}
