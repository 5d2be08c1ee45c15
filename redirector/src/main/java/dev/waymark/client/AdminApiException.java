package dev.waymark.client;

/**
 * An admin API answer other than the one a command needed, or none, with a message fit for the
 * user (the problem's own detail where there is one); {@code fatal} when no later call can fare
 * better (the key is refused, the server cannot be reached).
 */
public final class AdminApiException extends Exception {

  private final boolean fatal;

  public AdminApiException(String message, boolean fatal) {
    super(message, null, false, false);
    this.fatal = fatal;
  }

  public boolean fatal() {
    return fatal;
  }
}
