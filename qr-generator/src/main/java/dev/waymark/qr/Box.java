package dev.waymark.qr;

import java.awt.geom.Path2D;

/**
 * A rectangle with its own radius at each corner, in module units: the one primitive that squares,
 * runs, dots, rounded modules and every eye shape are made of, so PNG and SVG share one geometry.
 */
record Box(double x, double y, double w, double h, double topLeft, double topRight, double bottomRight,
    double bottomLeft) {
  /** Cubic control-point distance that best approximates a quarter circle. */
  private static final double KAPPA = 0.5522847498;

  static Box square(double x, double y, double w, double h) {
    return new Box(x, y, w, h, 0, 0, 0, 0);
  }

  static Box round(double x, double y, double w, double h, double radius) {
    return new Box(x, y, w, h, radius, radius, radius, radius);
  }

  void appendTo(Path2D path) {
    double right = x + w;
    double bottom = y + h;
    path.moveTo(x + topLeft, y);
    path.lineTo(right - topRight, y);
    corner(path, right - topRight, y, right, y + topRight, topRight, true);
    path.lineTo(right, bottom - bottomRight);
    corner(path, right, bottom - bottomRight, right - bottomRight, bottom, bottomRight, false);
    path.lineTo(x + bottomLeft, bottom);
    corner(path, x + bottomLeft, bottom, x, bottom - bottomLeft, bottomLeft, true);
    path.lineTo(x, y + topLeft);
    corner(path, x, y + topLeft, x + topLeft, y, topLeft, false);
    path.closePath();
  }

  /** Appends this box as one sub-path, drawn clockwise like {@link #appendTo(Path2D)}. */
  void appendTo(SvgPath path) {
    path.moveTo(x + topLeft, y);
    path.horizontal(w - topLeft - topRight);
    path.arc(topRight, topRight, topRight);
    path.vertical(h - topRight - bottomRight);
    path.arc(bottomRight, -bottomRight, bottomRight);
    path.horizontal(-(w - bottomRight - bottomLeft));
    path.arc(bottomLeft, -bottomLeft, -bottomLeft);
    path.vertical(-(h - bottomLeft - topLeft));
    path.arc(topLeft, topLeft, -topLeft);
    path.close();
  }

  /** A clockwise quarter circle from (x0, y0) to (x1, y1); {@code horizontalFirst} tells which tangent it starts on. */
  private static void corner(Path2D path, double x0, double y0, double x1, double y1, double r, boolean horizontalFirst) {
    if (r <= 0) {
      return;
    }
    double k = KAPPA * r;
    if (horizontalFirst) {
      path.curveTo(x0 + Math.signum(x1 - x0) * k, y0, x1, y1 - Math.signum(y1 - y0) * k, x1, y1);
    } else {
      path.curveTo(x0, y0 + Math.signum(y1 - y0) * k, x1 - Math.signum(x1 - x0) * k, y1, x1, y1);
    }
  }
}
