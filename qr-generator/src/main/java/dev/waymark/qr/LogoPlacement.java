package dev.waymark.qr;

import java.util.Locale;

/**
 * Where a logo sits in a symbol of a given size: a clear area of whole modules, centred, never
 * touching the finder patterns, separators, timing or format information, and no larger than ECC H
 * can absorb.
 *
 * <p>Coordinates are in modules from the symbol's top-left corner (quiet zone excluded).
 */
record LogoPlacement(int clearX, int clearY, int clearWidth, int clearHeight,
    double logoX, double logoY, double logoWidth, double logoHeight) {

  /**
   * The share of the symbol's modules a logo may clear: 20%. ECC H restores up to ~30% of
   * codewords; a cleared box also spoils the codewords it only grazes, and a printed code needs
   * head-room for smudges, glare and the camera's perspective, so a third of H stays unused.
   */
  static final double MAX_CLEARED_SHARE = 0.20;
  /** Light modules kept between the logo and the nearest data module on each side, at least. */
  static final double PADDING = 0.5;
  /** Finder (7) + separator (1) + format information (1): the rows and columns the box must not enter. */
  private static final int FUNCTION_BAND = 9;

  /** Places a logo of the given relative size and aspect ratio in a symbol {@code dimension} modules wide. */
  static LogoPlacement place(double relativeSize, double aspect, int dimension) {
    double longSide = relativeSize * dimension;
    double logoWidth = aspect >= 1 ? longSide : longSide * aspect;
    double logoHeight = aspect >= 1 ? longSide / aspect : longSide;
    int clearWidth = centredModules(logoWidth + 2 * PADDING, dimension);
    int clearHeight = centredModules(logoHeight + 2 * PADDING, dimension);
    int clearX = (dimension - clearWidth) / 2;
    int clearY = (dimension - clearHeight) / 2;
    return new LogoPlacement(clearX, clearY, clearWidth, clearHeight,
        (dimension - logoWidth) / 2, (dimension - logoHeight) / 2, logoWidth, logoHeight);
  }

  /** True when the clear area keeps off the bands around the three finder patterns. */
  boolean clearOfFunctionPatterns() {
    return clearX >= FUNCTION_BAND && clearY >= FUNCTION_BAND;
  }

  double clearedShare(int dimension) {
    return (double) clearWidth * clearHeight / ((double) dimension * dimension);
  }

  boolean absorbable(int dimension) {
    return clearedShare(dimension) <= MAX_CLEARED_SHARE;
  }

  QrSpecException tooLarge(double relativeSize, int dimension, int version, double suggestion) {
    return new QrSpecException("logoSize", String.format(Locale.ROOT,
        "a logo of relative size %.2f clears %.1f%% of the symbol (%d×%d of %d×%d modules, version %d); "
            + "ECC H absorbs at most %.0f%%: use a relative size of %.2f or less",
        relativeSize, clearedShare(dimension) * 100, clearWidth, clearHeight, dimension, dimension, version,
        MAX_CLEARED_SHARE * 100, suggestion));
  }

  boolean clears(int x, int y) {
    return x >= clearX && x < clearX + clearWidth && y >= clearY && y < clearY + clearHeight;
  }

  /** Whole modules at least {@code span} wide with the symbol's (odd) parity, so the box is exactly centred. */
  private static int centredModules(double span, int dimension) {
    int modules = (int) Math.ceil(span - 1e-9);
    return (modules % 2 == dimension % 2) ? modules : modules + 1;
  }
}
