package dev.waymark.printrun;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class QrBatchCommandTest {

  @TempDir
  Path dir;

  final StringWriter out = new StringWriter();
  final StringWriter err = new StringWriter();

  private int run(String... args) {
    return new CommandLine(new QrCommand()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(args);
  }

  @Test
  void badOptions_areEachNamed_andNothingIsContacted() throws IOException {
    Path csv = Files.writeString(dir.resolve("t.csv"), "name,channel\nA,b\n");
    int status = run("batch", "--api", "ftp://example", "--key", "has space", "--link", "no/slash",
        "--input", dir.resolve("missing.csv").toString(), "--format", "png,gif,png", "--size", "63",
        "--out", dir.resolve("nowhere/c.zip").toString(), "--concurrency", "17");

    assertThat(status).isEqualTo(PrintRun.REFUSED);
    assertThat(err.toString().lines()).containsExactly(
        "waymark qr batch: --api: 'ftp://example' is not an http(s) base URL such as http://127.0.0.1:8081",
        "waymark qr batch: --key: may hold only printable ASCII without spaces, as the keys Waymark issues do",
        "waymark qr batch: --link: 'no/slash' is not a code (1 to 64 of A-Z a-z 0-9 _ -)",
        "waymark qr batch: --input: " + dir.resolve("missing.csv") + " is not a readable file",
        "waymark qr batch: --format: 'gif' is not an image format; use png, svg or png,svg",
        "waymark qr batch: --format: png is given twice",
        "waymark qr batch: --size: must be 64..4096 px, was 63",
        "waymark qr batch: --out: directory " + dir.resolve("nowhere") + " does not exist",
        "waymark qr batch: --concurrency: must be 1..16, was 17");
    assertThat(csv).exists();
  }

  @Test
  void help_neverShowsTheKey() {
    assertThat(run("batch", "--help")).isZero();
    String help = out.toString();
    int at = help.indexOf("\n      --key=KEY"); // its entry in the option list, not the synopsis
    String keyOption = help.substring(at, help.indexOf("--link=CODE", at));
    // Its default is the environment variable's value, the key itself: it must never be printed.
    assertThat(keyOption).contains("$WAYMARK_ADMIN_API_KEY").doesNotContainIgnoringCase("default:");
  }

  @Test
  void qrAlone_asksForTheSubcommand() {
    assertThat(run()).isEqualTo(2);
    assertThat(err.toString()).contains("Missing required subcommand: batch");
  }
}
