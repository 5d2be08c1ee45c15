package dev.waymark.printrun;

/** A touchpoint as the admin API answered for a row: {@code existed} when an earlier run had made it. */
record TouchpointRef(String code, String shortUrl, boolean existed) {}
