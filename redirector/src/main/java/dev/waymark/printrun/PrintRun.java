package dev.waymark.printrun;

import dev.waymark.client.AdminApiException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One print run, in an order that keeps a bad run from leaving anything behind: check the whole
 * CSV (nothing is sent while any row is bad), check that the API takes the key, link, brand and
 * size (by rendering the link's own QR code), then give each row a touchpoint under its stable code
 * and put its images into a ZIP draft, a few rows at a time, and move the ZIP to its place only when
 * every row succeeded.
 *
 * <p>Exit status: 0 when the ZIP is written; 1 when rows failed or the run stopped (no ZIP); 2 when
 * the CSV or the settings were refused before anything was created.
 */
final class PrintRun {

  static final int OK = 0;
  static final int FAILED = 1;
  static final int REFUSED = 2;
  /** Failed rows listed at the end; the rest are counted. */
  static final int LISTED_FAILURES = 50;

  private final PrintRunOptions options;
  private final PrintRunClient api;
  private final PrintWriter out;
  private final PrintWriter err;

  PrintRun(PrintRunOptions options, PrintRunClient api, PrintWriter out, PrintWriter err) {
    this.options = options;
    this.api = api;
    this.out = out;
    this.err = err;
  }

  int run() throws IOException, InterruptedException {
    Path input = options.input();
    CsvProblems problems = new CsvProblems();
    int rows = TouchpointCsv.check(input, problems);
    if (!problems.isEmpty()) {
      err.println("waymark qr batch: " + input + " has " + problems.count() + " problem"
          + (problems.count() == 1 ? "" : "s") + "; nothing was created:");
      problems.lines().forEach(line -> err.println("  " + line));
      return REFUSED;
    }
    try {
      for (ImageFormat format : options.formats()) {
        api.checkLinkQr(options.link(), format, options.qr());
      }
    } catch (AdminApiException e) {
      err.println("waymark qr batch: " + e.getMessage() + "; nothing was created");
      return REFUSED;
    }

    ZipDraft draft;
    try {
      draft = ZipDraft.create(options.out());
    } catch (IOException e) {
      err.println("waymark qr batch: cannot write next to " + options.out() + " (" + e + "); nothing was created");
      return REFUSED;
    }
    RowResult[] results = new RowResult[rows];
    String stopped;
    try (ZipDraft zip = draft) {
      stopped = work(rows, zip, results);
      List<RowResult> all = Arrays.asList(results);
      if (stopped == null && all.stream().allMatch(r -> r != null && r.ok())) {
        try {
          zip.put(Manifest.NAME, Manifest.write(all, options.formats()));
          zip.commit();
        } catch (IOException e) {
          err.println("waymark qr batch: every row succeeded but the ZIP could not be written (" + e
              + "); run again: touchpoints already made are reused");
          return FAILED;
        }
        long existed = all.stream().filter(r -> r.touchpoint().existed()).count();
        out.printf("waymark qr batch: %d rows, %d succeeded (%d created, %d already there), 0 failed; wrote %s%n",
            rows, rows, rows - existed, existed, options.out());
        out.flush();
        return OK;
      }
    }
    report(rows, results, stopped);
    return FAILED;
  }

  /** Runs every row, at most {@code concurrency} at once; returns why the run stopped early, or {@code null}. */
  private String work(int rows, ZipDraft zip, RowResult[] results) throws IOException, InterruptedException {
    AtomicReference<String> stop = new AtomicReference<>();
    AtomicInteger failed = new AtomicInteger();
    Semaphore inFlight = new Semaphore(options.concurrency());
    ExecutorService pool = Executors.newFixedThreadPool(options.concurrency(), task -> {
      Thread t = new Thread(task, "qr-batch");
      t.setDaemon(true); // Ctrl-C ends the run at once; the draft's own hook removes the temp file
      return t;
    });
    CsvProblems changed = new CsvProblems();
    try (Progress progress = Progress.of(rows, err)) {
      int read = TouchpointCsv.read(options.input(), changed, row -> {
        if (row.row() > rows) {
          stop.compareAndSet(null, changed(options.input()));
        }
        if (stop.get() != null) {
          return;
        }
        inFlight.acquireUninterruptibly(); // the reader waits for a free slot: memory stays flat
        pool.execute(() -> {
          try {
            RowResult result = process(row, zip, stop);
            results[row.row() - 1] = result; // null: not attempted, the run had stopped
            progress.step(result == null || result.ok() ? failed.get() : failed.incrementAndGet());
          } finally {
            inFlight.release();
          }
        });
      });
      pool.shutdown();
      pool.awaitTermination(Long.MAX_VALUE, TimeUnit.DAYS);
      if (!changed.isEmpty() || read != rows) {
        stop.compareAndSet(null, changed(options.input()));
      }
    } finally {
      pool.shutdownNow();
    }
    return stop.get();
  }

  private static String changed(Path input) {
    return input + " changed while the run was going; run again";
  }

  private RowResult process(TouchpointRow row, ZipDraft zip, AtomicReference<String> stop) {
    if (stop.get() != null) {
      return null;
    }
    String code = StableCode.of(options.link(), row.key());
    try {
      TouchpointRef tp = api.createOrFind(options.link(), code, row);
      Map<ImageFormat, String> files = new EnumMap<>(ImageFormat.class);
      for (ImageFormat format : options.formats()) {
        byte[] image = api.qr(code, format, options.qr());
        String name = Manifest.fileName(row, code, format);
        zip.put(name, image);
        files.put(format, name);
      }
      return RowResult.done(row, tp, files);
    } catch (AdminApiException e) {
      if (e.fatal()) {
        stop.compareAndSet(null, e.getMessage());
      }
      return RowResult.failed(row, e.getMessage());
    } catch (IOException e) {
      String why = "cannot write " + zip.temp() + ": " + e.getMessage();
      stop.compareAndSet(null, why);
      return RowResult.failed(row, why);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return RowResult.failed(row, "interrupted");
    } catch (RuntimeException e) {
      // A bug must not pass for a failed row silently, nor hang the run: stop and say what it was.
      stop.compareAndSet(null, "internal error: " + e);
      return RowResult.failed(row, e.toString());
    }
  }

  private void report(int rows, RowResult[] results, String stopped) {
    List<RowResult> failures = new ArrayList<>();
    int succeeded = 0;
    for (RowResult r : results) {
      if (r != null && r.ok()) {
        succeeded++;
      } else if (r != null) {
        failures.add(r);
      }
    }
    long notRun = Arrays.stream(results).filter(Objects::isNull).count();
    failures.stream().limit(LISTED_FAILURES).forEach(r -> err.println("  " + r.row().where() + ": " + r.error()));
    if (failures.size() > LISTED_FAILURES) {
      err.println("  ... and " + (failures.size() - LISTED_FAILURES) + " more failed rows");
    }
    if (stopped != null) {
      err.println("waymark qr batch: stopped: " + stopped);
    }
    err.printf("waymark qr batch: %d rows, %d succeeded, %d failed%s; no ZIP written (it is written only when "
        + "every row succeeds). Fix what is listed and run again: touchpoints already made are reused, not "
        + "duplicated%n", rows, succeeded, failures.size(), notRun > 0 ? ", " + notRun + " not attempted" : "");
    err.flush();
  }
}
