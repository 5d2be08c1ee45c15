package dev.waymark;

import dev.waymark.config.ConfigOptions;
import dev.waymark.config.Setting;
import dev.waymark.config.WaymarkConfig;
import dev.waymark.storage.RedisKeyMigration;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code waymark redis migrate}: moves the Redis keys of versions before cluster support to the
 * hash-tagged layout and exits. The service does it at start-up when the Redis was never migrated;
 * this also catches keys an older instance wrote since (run it after the last one stops).
 */
@Command(name = "redis", mixinStandardHelpOptions = true, subcommands = RedisCommand.Migrate.class,
    description = "Maintenance of the Redis that holds the links.")
final class RedisCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    throw new CommandLine.ParameterException(spec.commandLine(), "Missing required subcommand: migrate");
  }

  @Command(name = "migrate", mixinStandardHelpOptions = true,
      description = "Rename waymark:* keys to the {waymark}:* layout of cluster support (idempotent) and exit.",
      footer = {"", "Exit status: 0 done; 1 Redis failed or refused; 2 bad options."})
  static final class Migrate implements Callable<Integer> {

    @Mixin
    ConfigOptions options;

    @Override
    public Integer call() {
      WaymarkConfig config = options.toConfigOrExplain(System.err);
      if (config == null) {
        return 2;
      }
      if (!config.redis().enabled()) {
        System.err.println("waymark: " + Setting.REDIS_URL.invalid("must be set to migrate Redis keys").getMessage());
        return 2;
      }
      try {
        System.out.println(RedisKeyMigration.always(config.redis().url()));
        return 0;
      } catch (RuntimeException e) {
        System.err.println("waymark: redis migrate failed: " + e.getMessage());
        return 1;
      }
    }
  }
}
