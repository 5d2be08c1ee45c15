package dev.waymark.qr;

/** Quotes user input inside error details, cut short so a huge value cannot flood a response. */
final class Quoted {
  private static final int MAX = 40;

  private Quoted() {}

  static String of(String text) {
    if (text == null) {
      return "nothing";
    }
    String shown = text.length() > MAX ? text.substring(0, MAX) + "…" : text;
    return "'" + shown + "'";
  }
}
