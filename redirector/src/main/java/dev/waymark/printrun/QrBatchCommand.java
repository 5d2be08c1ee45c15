package dev.waymark.printrun;

import dev.waymark.client.AdminApi;
import dev.waymark.client.ApiOption;
import dev.waymark.link.Codes;
import dev.waymark.printrun.PrintRunClient.QrOptions;
import dev.waymark.qr.QrSpec;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Help.Visibility;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code waymark qr batch}: one touchpoint per CSV row under a link, each with its QR images as the
 * server renders and verifies them, in a ZIP with a {@code manifest.csv}. A client of the admin
 * API only: it needs no access to the store and runs wherever the API can be reached.
 */
@Command(name = "batch", mixinStandardHelpOptions = true, sortOptions = false,
    description = {
        "Create one touchpoint per row of a CSV under a link and write their QR codes to a ZIP with manifest.csv.",
        "CSV: UTF-8 (a byte-order mark is fine), a header row, then at most 100,000 rows. Columns: name, channel"
            + " (required); source, stage, medium, notes, key (optional). The whole file is checked first: a bad row"
            + " is reported with its line number and nothing is created.",
        "Running the same CSV again creates nothing new: each row's code is derived from the link and the row's key"
            + " (the key column, else the name), so an earlier run's touchpoints are found and reused.",
        "The ZIP appears at --out only when every row succeeded."},
    footer = {"", "Exit status: 0 ZIP written; 1 rows failed or the run stopped (no ZIP); 2 bad options or CSV, or"
        + " the API refused the key, link, brand or size (nothing created)."})
final class QrBatchCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Mixin
  ApiOption api;

  // Never shown as a default: it is the key.
  @Option(names = "--key", paramLabel = "KEY", defaultValue = "${env:WAYMARK_ADMIN_API_KEY}",
      showDefaultValue = Visibility.NEVER,
      description = "Admin API key. Defaults to $WAYMARK_ADMIN_API_KEY; prefer that, to keep the key out of "
          + "shell history and process lists.")
  String key;

  @Option(names = "--link", required = true, paramLabel = "CODE", description = "Code of the link the touchpoints belong to.")
  String link;

  @Option(names = "--input", required = true, paramLabel = "FILE", description = "The CSV, one touchpoint per row.")
  Path input;

  @Option(names = "--brand", paramLabel = "NAME", description = "Brand kit the server renders the codes with.")
  String brand;

  @Option(names = "--format", split = ",", paramLabel = "FORMAT", defaultValue = "png",
      description = "png, svg or png,svg (default: ${DEFAULT-VALUE}).")
  List<String> formats;

  @Option(names = "--size", paramLabel = "PX", description = "Image size in pixels, "
      + QrSpec.MIN_SIZE + ".." + QrSpec.MAX_SIZE + " (default: the server's or the brand's).")
  Integer size;

  @Option(names = "--out", required = true, paramLabel = "ZIP", description = "Where to write the ZIP.")
  Path out;

  @Option(names = "--concurrency", paramLabel = "N", defaultValue = "4",
      description = "Rows worked on at once, 1.." + PrintRunOptions.MAX_CONCURRENCY + " (default: ${DEFAULT-VALUE}).")
  int concurrency;

  @Override
  public Integer call() throws IOException, InterruptedException {
    PrintWriter err = spec.commandLine().getErr();
    List<String> problems = new ArrayList<>();
    PrintRunOptions options = options(problems);
    if (options == null) {
      problems.forEach(p -> err.println("waymark qr batch: " + p));
      err.flush();
      return PrintRun.REFUSED;
    }
    PrintRunClient client =
        new PrintRunClient(options.api(), options.key(), AdminApi.httpClient(), Duration.ofSeconds(60));
    return new PrintRun(options, client, spec.commandLine().getOut(), err).run();
  }

  /** The checked options, or {@code null} with every problem (each naming its option) in {@code problems}. */
  private PrintRunOptions options(List<String> problems) {
    URI apiUri = api.uri(problems);
    ApiOption.checkKey(key, problems);
    String linkProblem = Codes.isWellFormed(link, 0, link.length()) ? null
        : "--link: '" + link + "' is not a code (1 to " + Codes.MAX_LENGTH + " of A-Z a-z 0-9 _ -)";
    if (linkProblem != null) {
      problems.add(linkProblem);
    }
    if (!Files.isRegularFile(input) || !Files.isReadable(input)) {
      problems.add("--input: " + input + " is not a readable file");
    }
    List<ImageFormat> parsed = new ArrayList<>();
    for (String f : formats) {
      try {
        ImageFormat format = ImageFormat.of(f);
        if (parsed.contains(format)) {
          problems.add("--format: " + format.extension + " is given twice");
        }
        parsed.add(format);
      } catch (IllegalArgumentException e) {
        problems.add("--format: " + e.getMessage());
      }
    }
    if (brand != null && brand.isBlank()) {
      problems.add("--brand: must not be blank");
    }
    if (size != null && (size < QrSpec.MIN_SIZE || size > QrSpec.MAX_SIZE)) {
      problems.add("--size: must be " + QrSpec.MIN_SIZE + ".." + QrSpec.MAX_SIZE + " px, was " + size);
    }
    Path dir = out.toAbsolutePath().getParent();
    if (Files.isDirectory(out)) {
      problems.add("--out: " + out + " is a directory; name the ZIP file");
    } else if (dir == null || !Files.isDirectory(dir)) {
      problems.add("--out: directory " + dir + " does not exist");
    } else if (!out.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".zip")) {
      problems.add("--out: " + out + " should end in .zip");
    }
    if (concurrency < 1 || concurrency > PrintRunOptions.MAX_CONCURRENCY) {
      problems.add("--concurrency: must be 1.." + PrintRunOptions.MAX_CONCURRENCY + ", was " + concurrency);
    }
    if (!problems.isEmpty()) {
      return null;
    }
    return new PrintRunOptions(apiUri, key, link, input, parsed, new QrOptions(brand == null ? null : brand.strip(), size),
        out, concurrency);
  }
}
