package dev.waymark.printrun;

import java.io.Console;
import java.io.PrintWriter;
import java.lang.reflect.Method;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * How far a print run is, for the person watching: a progress bar on a terminal, and where output
 * goes to a file or a CI log, a plain line at every tenth of the rows. Safe from several threads.
 */
sealed interface Progress extends AutoCloseable permits Progress.Bar, Progress.Lines {

  /** One more row done; {@code failed} counts the failures so far. */
  void step(int failed);

  @Override
  void close();

  /** A bar on stderr when this process talks to a terminal, lines on {@code err} otherwise. */
  static Progress of(int rows, PrintWriter err) {
    return interactive() ? new Bar(rows) : new Lines(rows, err);
  }

  private static boolean interactive() {
    Console console = System.console();
    if (console == null) {
      return false;
    }
    try {
      // From JDK 22, System.console() is there even when output is redirected; isTerminal() tells.
      Method isTerminal = Console.class.getMethod("isTerminal");
      return (Boolean) isTerminal.invoke(console);
    } catch (NoSuchMethodException beforeJdk22) {
      return true;
    } catch (ReflectiveOperationException e) {
      return false;
    }
  }

  /** The terminal bar of me.tongfei:progressbar, with the failures so far beside it. */
  final class Bar implements Progress {
    private final ProgressBar bar;

    Bar(int rows) {
      bar = new ProgressBarBuilder().setTaskName("qr batch").setInitialMax(rows)
          .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(200).build();
    }

    @Override
    public void step(int failed) {
      if (failed > 0) {
        bar.setExtraMessage(failed + " failed");
      }
      bar.step();
    }

    @Override
    public void close() {
      bar.close();
    }
  }

  /** Plain lines, one per tenth of the rows (every row of a run of ten or fewer). */
  final class Lines implements Progress {
    private final int rows;
    private final PrintWriter err;
    private int done;
    private int lastTenth;

    Lines(int rows, PrintWriter err) {
      this.rows = rows;
      this.err = err;
    }

    @Override
    public synchronized void step(int failed) {
      done++;
      int tenth = (int) (10L * done / rows);
      if (tenth > lastTenth || rows <= 10) {
        lastTenth = tenth;
        err.printf("qr batch: %d/%d rows (%d%%), %d failed%n", done, rows, 100L * done / rows, failed);
        err.flush();
      }
    }

    @Override
    public void close() {
      err.flush();
    }
  }
}
