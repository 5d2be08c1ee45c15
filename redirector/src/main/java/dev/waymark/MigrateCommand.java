package dev.waymark;

import dev.waymark.config.ConfigOptions;
import dev.waymark.config.Setting;
import dev.waymark.config.WaymarkConfig;
import dev.waymark.hit.clickhouse.ClickHouseConfig;
import dev.waymark.hit.clickhouse.ClickHouseException;
import dev.waymark.hit.sink.AnalyticsSink;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code waymark migrate}: creates or upgrades the ClickHouse schema and exits. The service does
 * the same at start-up; this is for deploy pipelines that migrate before rolling out.
 */
@Command(name = "migrate", mixinStandardHelpOptions = true,
    description = "Create or upgrade the ClickHouse schema (idempotent) and exit.")
final class MigrateCommand implements Callable<Integer> {

  @Mixin
  ConfigOptions options;

  @Override
  public Integer call() {
    WaymarkConfig config = options.toConfigOrExplain(System.err);
    if (config == null) {
      return 2;
    }
    ClickHouseConfig clickHouse = config.sink().clickHouse();
    if (clickHouse == null) {
      System.err.println("waymark: " + Setting.CLICKHOUSE_URL.invalid("must be set to migrate; "
          + "the embedded analytics store migrates itself when the service starts").getMessage());
      return 2;
    }
    try {
      List<Integer> ran = AnalyticsSink.migrate(clickHouse);
      System.out.println(ran.isEmpty()
          ? "schema of " + clickHouse.database() + " is up to date"
          : "applied migrations " + ran + " to " + clickHouse.database());
      return 0;
    } catch (ClickHouseException | RuntimeException e) {
      System.err.println("waymark: migrate failed: " + e.getMessage());
      return 1;
    }
  }
}
