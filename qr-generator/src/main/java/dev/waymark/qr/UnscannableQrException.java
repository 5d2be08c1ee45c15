package dev.waymark.qr;

/**
 * Refuses to hand out a rendered code because decoding it again did not give back the exact
 * payload; no bytes of such a code ever leave the renderer.
 */
public final class UnscannableQrException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String detail;

  public UnscannableQrException(String detail) {
    super(detail);
    this.detail = detail;
  }

  public String detail() {
    return detail;
  }
}
