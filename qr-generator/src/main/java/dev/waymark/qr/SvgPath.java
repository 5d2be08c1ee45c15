package dev.waymark.qr;

/**
 * Builds compact SVG path data: relative commands, at most three decimals, no redundant zeros or
 * separators, so a whole symbol's modules fit in one {@code d} attribute.
 */
final class SvgPath {
  private final StringBuilder d = new StringBuilder();
  private final double offset;
  private double startX;
  private double startY;
  private boolean started;

  /** @param offset added to both coordinates of every sub-path start (the quiet zone) */
  SvgPath(double offset) {
    this.offset = offset;
  }

  /** Starts a sub-path; after a close the pen is back at the previous start, so the move is relative to it. */
  void moveTo(double x, double y) {
    if (!started) {
      command('M', x + offset, y + offset);
      started = true;
    } else {
      command('m', x - startX, y - startY);
    }
    startX = x;
    startY = y;
  }

  void horizontal(double dx) {
    if (Math.abs(dx) > 1e-9) {
      command('h', dx);
    }
  }

  void vertical(double dy) {
    if (Math.abs(dy) > 1e-9) {
      command('v', dy);
    }
  }

  /** A clockwise quarter circle of radius r ending (dx, dy) away; nothing when r is 0. */
  void arc(double r, double dx, double dy) {
    if (r > 1e-9) {
      command('a', r, r);
      d.append(" 0 0 1");
      appendNumber(dx);
      appendNumber(dy);
    }
  }

  void close() {
    d.append('z');
  }

  boolean isEmpty() {
    return !started;
  }

  @Override
  public String toString() {
    return d.toString();
  }

  private void command(char c, double... values) {
    d.append(c);
    d.append(number(values[0]));
    for (int i = 1; i < values.length; i++) {
      appendNumber(values[i]);
    }
  }

  /** A separator only where the next number would otherwise run into the previous one. */
  private void appendNumber(double v) {
    String n = number(v);
    if (!n.startsWith("-") && !(n.startsWith(".") && endsWithFraction())) {
      d.append(' ');
    }
    d.append(n);
  }

  private boolean endsWithFraction() {
    for (int i = d.length() - 1; i >= 0; i--) {
      char c = d.charAt(i);
      if (c == '.') {
        return true;
      }
      if (!Character.isDigit(c)) {
        return false;
      }
    }
    return false;
  }

  /** At most three decimals, no trailing zeros, no leading zero: 0.45 → ".45", -0.5 → "-.5", 2.0 → "2". */
  static String number(double v) {
    long thousandths = Math.round(v * 1000);
    if (thousandths == 0) {
      return "0";
    }
    StringBuilder s = new StringBuilder();
    if (thousandths < 0) {
      s.append('-');
      thousandths = -thousandths;
    }
    long whole = thousandths / 1000;
    long fraction = thousandths % 1000;
    if (whole != 0) {
      s.append(whole);
    }
    if (fraction != 0) {
      s.append('.').append((char) ('0' + fraction / 100));
      fraction %= 100;
      while (fraction != 0) {
        s.append((char) ('0' + fraction / 10));
        fraction = fraction % 10 * 10;
      }
    }
    return s.toString();
  }
}
