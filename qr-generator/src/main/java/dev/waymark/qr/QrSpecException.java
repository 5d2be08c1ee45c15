package dev.waymark.qr;

/**
 * Refuses a QR request because of one named input field, with a detail precise enough to show a
 * user as is (the admin API maps it to a 422 problem+json).
 */
public final class QrSpecException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final String field;
  private final String detail;

  public QrSpecException(String field, String detail) {
    super(field + ": " + detail);
    this.field = field;
    this.detail = detail;
  }

  /** The spec field at fault: payload, size, margin, ecc, fg, bg, eyeColor, moduleShape, eyeShape, logo, logoSize, dpi. */
  public String field() {
    return field;
  }

  public String detail() {
    return detail;
  }
}
