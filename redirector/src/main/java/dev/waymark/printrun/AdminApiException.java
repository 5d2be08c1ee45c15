package dev.waymark.printrun;

/**
 * An admin API answer other than the one a print run needed, with the problem's own detail;
 * {@code fatal} when no later row can fare better (the key is refused, the server cannot be reached).
 */
final class AdminApiException extends Exception {

  private final boolean fatal;

  AdminApiException(String message, boolean fatal) {
    super(message, null, false, false);
    this.fatal = fatal;
  }

  boolean fatal() {
    return fatal;
  }
}
