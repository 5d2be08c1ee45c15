package dev.waymark.qr;

import java.util.Locale;

/**
 * Everything that decides how a QR code looks; an instance exists only if its values are in range
 * and its colours are readable, so rendering can fail only on what needs the encoder to know.
 *
 * <p>A logo forces ECC H: the record then holds {@code Ecc.H} whatever was asked for. An absent eye
 * colour means the foreground colour.
 *
 * @param payload the text to encode (for printed codes, the short URL with the {@code qr=1} marker)
 * @param size    width and height of the output in px, {@value #MIN_SIZE}..{@value #MAX_SIZE}
 * @param margin  quiet zone in modules, {@value #MIN_MARGIN}..{@value #MAX_MARGIN}
 */
public record QrSpec(
    String payload,
    int size,
    int margin,
    Ecc ecc,
    Rgb fg,
    Rgb bg,
    Rgb eyeColor,
    ModuleShape moduleShape,
    EyeShape eyeShape,
    Logo logo) {

  public static final int MIN_SIZE = 64;
  public static final int MAX_SIZE = 4096;
  public static final int MIN_MARGIN = 2;
  public static final int MAX_MARGIN = 16;
  public static final int DEFAULT_MARGIN = 4;
  /** More characters than the largest QR code holds in any mode (7089 digits): refused before encoding. */
  static final int MAX_PAYLOAD_CHARS = 7089;

  /**
   * The least WCAG contrast between foreground (and eye colour) and background: 4.5:1, the WCAG AA
   * level for text. Phone cameras in dim light and cheap printers eat contrast; below this,
   * decoding depends on the scanner's luck rather than on the code.
   */
  public static final double MIN_CONTRAST = 4.5;

  public QrSpec {
    if (payload == null || payload.isEmpty()) {
      throw new QrSpecException("payload", "must not be empty");
    }
    if (payload.length() > MAX_PAYLOAD_CHARS) {
      throw new QrSpecException("payload", "has " + payload.length() + " characters; no QR code holds more than "
          + MAX_PAYLOAD_CHARS);
    }
    if (size < MIN_SIZE || size > MAX_SIZE) {
      throw new QrSpecException("size", "must be " + MIN_SIZE + ".." + MAX_SIZE + " px; got " + size);
    }
    if (margin < MIN_MARGIN || margin > MAX_MARGIN) {
      throw new QrSpecException("margin", "must be " + MIN_MARGIN + ".." + MAX_MARGIN
          + " modules (a quiet zone below " + MIN_MARGIN + " modules is not reliably found); got " + margin);
    }
    require(ecc, "ecc");
    require(fg, "fg");
    require(bg, "bg");
    require(moduleShape, "moduleShape");
    require(eyeShape, "eyeShape");
    eyeColor = eyeColor == null ? fg : eyeColor;
    ecc = logo == null ? ecc : Ecc.H;
    requireReadable("fg", fg, bg);
    requireReadable("eyeColor", eyeColor, bg);
  }

  public static Builder builder(String payload) {
    return new Builder(payload);
  }

  private static void require(Object value, String field) {
    if (value == null) {
      throw new QrSpecException(field, "is required");
    }
  }

  private static void requireReadable(String field, Rgb dark, Rgb light) {
    double ratio = dark.contrastRatio(light);
    if (dark.relativeLuminance() >= light.relativeLuminance()) {
      throw new QrSpecException(field, field + " " + dark.hex() + " is not darker than bg " + light.hex()
          + ": light-on-dark (inverted) codes are refused because many scanners do not read them");
    }
    if (ratio < MIN_CONTRAST) {
      throw new QrSpecException(field, String.format(Locale.ROOT,
          "contrast of %s on bg %s is %.2f:1; at least %.1f:1 is required", dark.hex(), light.hex(), ratio, MIN_CONTRAST));
    }
  }

  /** Builds a {@link QrSpec} from typed values or from the strings an HTTP query carries. */
  public static final class Builder {
    private final String payload;
    private int size = 512;
    private int margin = DEFAULT_MARGIN;
    private Ecc ecc = Ecc.M;
    private Rgb fg = Rgb.BLACK;
    private Rgb bg = Rgb.WHITE;
    private Rgb eyeColor;
    private ModuleShape moduleShape = ModuleShape.SQUARE;
    private EyeShape eyeShape = EyeShape.SQUARE;
    private Logo logo;

    private Builder(String payload) {
      this.payload = payload;
    }

    public Builder size(int px) { this.size = px; return this; }
    public Builder margin(int modules) { this.margin = modules; return this; }
    public Builder ecc(Ecc level) { this.ecc = level; return this; }
    public Builder ecc(String level) { return ecc(Ecc.parse(level)); }
    public Builder fg(Rgb colour) { this.fg = colour; return this; }
    public Builder fg(String hex) { return fg(Rgb.parse("fg", hex)); }
    public Builder bg(Rgb colour) { this.bg = colour; return this; }
    public Builder bg(String hex) { return bg(Rgb.parse("bg", hex)); }
    public Builder eyeColor(Rgb colour) { this.eyeColor = colour; return this; }
    public Builder eyeColor(String hex) { return eyeColor(hex == null ? null : Rgb.parse("eyeColor", hex)); }
    public Builder moduleShape(ModuleShape shape) { this.moduleShape = shape; return this; }
    public Builder moduleShape(String shape) { return moduleShape(ModuleShape.parse(shape)); }
    public Builder eyeShape(EyeShape shape) { this.eyeShape = shape; return this; }
    public Builder eyeShape(String shape) { return eyeShape(EyeShape.parse(shape)); }
    public Builder logo(Logo image) { this.logo = image; return this; }

    public QrSpec build() {
      return new QrSpec(payload, size, margin, ecc, fg, bg, eyeColor, moduleShape, eyeShape, logo);
    }
  }
}
