package dev.waymark.routing;

import java.util.Objects;

/**
 * The journey rules of one cached link or touchpoint, compiled for the event loop: parsed zones,
 * times, sets and weights, so that a decision allocates little and parses nothing.
 */
public final class Routes {

  private final String code;
  private final Routing routing;

  private Routes(String code, Routing routing) {
    this.code = code;
    this.routing = routing;
  }

  /**
   * The compiled form of {@code routing} of the link or touchpoint {@code code} (whose hit limit,
   * if it sets one, is counted under that code); {@code null} when {@code routing} is {@code null}
   * or empty, so plain links carry nothing.
   */
  public static Routes compile(String code, Routing routing) {
    Objects.requireNonNull(code, "code");
    return routing == null || routing.isEmpty() ? null : new Routes(code, routing);
  }

  public String code() {
    return code;
  }

  public Routing routing() {
    return routing;
  }
}
