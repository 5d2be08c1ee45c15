package dev.waymark.printrun;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code waymark qr}: the QR code tools that work against a running Waymark; today {@code qr batch}. */
@Command(name = "qr", mixinStandardHelpOptions = true, subcommands = QrBatchCommand.class,
    description = "QR code tools that work against a running Waymark's admin API.")
public final class QrCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    throw new CommandLine.ParameterException(spec.commandLine(), "Missing required subcommand: batch");
  }
}
