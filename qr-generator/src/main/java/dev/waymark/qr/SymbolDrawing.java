package dev.waymark.qr;

import java.util.ArrayList;
import java.util.List;

/**
 * The shapes that draw a symbol, in module units from its top-left corner: data modules (filled
 * with the non-zero rule) and eyes (rings and pupils, filled even-odd so each ring keeps its hole).
 */
record SymbolDrawing(Symbol symbol, List<Box> data, List<Box> eyes) {
  /** Dots are 0.9 modules across: gaps read as dots, while the sampled centre stays solidly dark. */
  static final double DOT_DIAMETER = 0.9;
  /** Radius of an outer corner of a rounded module; 0.5 turns a lone module into a circle. */
  static final double MODULE_RADIUS = 0.5;

  static SymbolDrawing of(Symbol symbol, QrSpec spec) {
    return new SymbolDrawing(symbol, data(symbol, spec.moduleShape()), eyes(symbol.dimension(), spec.eyeShape()));
  }

  private static List<Box> data(Symbol s, ModuleShape shape) {
    List<Box> boxes = new ArrayList<>();
    int n = s.dimension();
    for (int y = 0; y < n; y++) {
      int x = 0;
      while (x < n) {
        if (!drawn(s, x, y)) {
          x++;
          continue;
        }
        if (shape == ModuleShape.DOTS) {
          double inset = (1 - DOT_DIAMETER) / 2;
          boxes.add(Box.round(x + inset, y + inset, DOT_DIAMETER, DOT_DIAMETER, DOT_DIAMETER / 2));
          x++;
          continue;
        }
        int end = x;
        while (end < n && drawn(s, end, y)) {
          end++;
        }
        boxes.add(shape == ModuleShape.ROUNDED ? roundedRun(s, x, end, y) : Box.square(x, y, end - x, 1));
        x = end;
      }
    }
    return boxes;
  }

  /**
   * A horizontal run whose end corners are rounded where the module above or below is light; the
   * run's own neighbours left and right are light by construction.
   */
  private static Box roundedRun(Symbol s, int from, int to, int y) {
    double r = MODULE_RADIUS;
    return new Box(from, y, to - from, 1,
        drawn(s, from, y - 1) ? 0 : r,
        drawn(s, to - 1, y - 1) ? 0 : r,
        drawn(s, to - 1, y + 1) ? 0 : r,
        drawn(s, from, y + 1) ? 0 : r);
  }

  private static boolean drawn(Symbol s, int x, int y) {
    return s.isDark(x, y) && !s.inFinder(x, y);
  }

  private static List<Box> eyes(int n, EyeShape shape) {
    List<Box> boxes = new ArrayList<>();
    int[][] corners = {{0, 0}, {n - 7, 0}, {0, n - 7}};
    for (int[] c : corners) {
      double x = c[0];
      double y = c[1];
      switch (shape) {
        case CIRCLE:
          boxes.add(Box.round(x, y, 7, 7, 3.5));
          boxes.add(Box.round(x + 1, y + 1, 5, 5, 2.5));
          boxes.add(Box.round(x + 2, y + 2, 3, 3, 1.5));
          break;
        case ROUNDED:
          // Concentric corners: the hole's radius is the ring's minus its width.
          boxes.add(Box.round(x, y, 7, 7, 2.2));
          boxes.add(Box.round(x + 1, y + 1, 5, 5, 1.2));
          boxes.add(Box.round(x + 2, y + 2, 3, 3, 0.9));
          break;
        default:
          boxes.add(Box.square(x, y, 7, 7));
          boxes.add(Box.square(x + 1, y + 1, 5, 5));
          boxes.add(Box.square(x + 2, y + 2, 3, 3));
          break;
      }
    }
    return boxes;
  }
}
