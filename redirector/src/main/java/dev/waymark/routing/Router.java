package dev.waymark.routing;

/**
 * Decides where one request goes when its link or touchpoint has journey rules, on the event loop:
 * no blocking, no store round trip. See {@link Routing} for the order of decision.
 */
public final class Router {

  private final HitCaps caps;

  public Router(HitCaps caps) {
    this.caps = caps;
  }

  /**
   * @param own       the touchpoint's rules, {@code null} when no touchpoint or it sets none
   * @param inherited the link's rules, {@code null} when it sets none; not both {@code null}
   * @param live      false when the link (or the touchpoint) is past its {@code expiresAt}
   * @param visit     the request
   * @param nowMillis the redirect's clock
   */
  public Decision decide(Routes own, Routes inherited, boolean live, Visit visit, long nowMillis) {
    throw new UnsupportedOperationException("not built yet");
  }
}
