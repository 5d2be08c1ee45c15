package dev.waymark.printrun;

import dev.waymark.printrun.PrintRunClient.QrOptions;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * The settings of one print run, checked: the admin API's base URL and key, the link the
 * touchpoints go under, the CSV, the image formats and QR options, the ZIP, and how many rows are
 * worked on at once.
 */
record PrintRunOptions(URI api, String key, String link, Path input, List<ImageFormat> formats, QrOptions qr,
    Path out, int concurrency) {

  static final int MAX_CONCURRENCY = 16;

  PrintRunOptions {
    Objects.requireNonNull(api, "api");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(link, "link");
    Objects.requireNonNull(input, "input");
    Objects.requireNonNull(qr, "qr");
    Objects.requireNonNull(out, "out");
    formats = List.copyOf(formats);
    if (formats.isEmpty()) {
      throw new IllegalArgumentException("at least one format");
    }
    if (concurrency < 1 || concurrency > MAX_CONCURRENCY) {
      throw new IllegalArgumentException("concurrency 1.." + MAX_CONCURRENCY);
    }
  }
}
