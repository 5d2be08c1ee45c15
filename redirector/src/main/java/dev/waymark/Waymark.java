package dev.waymark;

import dev.waymark.admin.ApiKey;
import dev.waymark.key.KeysCommand;
import dev.waymark.printrun.QrCommand;
import dev.waymark.config.ConfigException;
import dev.waymark.config.ConfigOptions;
import dev.waymark.config.Setting;
import dev.waymark.config.WaymarkConfig;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * The {@code waymark} command: serves redirects and the admin API until SIGTERM or SIGINT, then
 * shuts down cleanly and exits 0. A bad setting exits 2 with one line naming the variable.
 */
@Command(name = "waymark", mixinStandardHelpOptions = true, versionProvider = Waymark.Version.class,
    subcommands = {MigrateCommand.class, RedisCommand.class, QrCommand.class, KeysCommand.class, WarmUpCommand.class},
    description = "Trackable short links and QR codes. Every option has a WAYMARK_* environment variable.")
public final class Waymark implements Callable<Integer> {

  private static final Logger LOG = LoggerFactory.getLogger(Waymark.class);

  @Mixin
  ConfigOptions options;

  public static void main(String[] args) {
    System.exit(new CommandLine(new Waymark()).execute(args));
  }

  @Override
  public Integer call() throws InterruptedException {
    WaymarkConfig config;
    try {
      config = options.toConfig();
      createDataDir(config);
    } catch (ConfigException e) {
      System.err.println("waymark: " + e.getMessage());
      return 2;
    }
    ApiKey apiKey;
    try {
      apiKey = ApiKey.resolve(config.admin().apiKey(), config.data().dir(), System.out);
    } catch (RuntimeException e) {
      System.err.println("waymark: " + Setting.DATA_DIR.invalid("cannot keep the admin key there: " + e.getMessage())
          .getMessage());
      return 2;
    }

    long started = System.nanoTime();
    Vertx vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(true));
    Service service;
    try {
      // Priming the link cache is bounded by its own budget, on top of the minute the rest may take.
      service = Service.start(config, apiKey, vertx)
          .await(60 + config.cache().prime().toSeconds(), TimeUnit.SECONDS);
    } catch (Exception e) {
      LOG.error("event=start_failed error=\"{}\"", e.getMessage());
      vertx.close();
      return 1;
    }
    LOG.info("event=started public=http://{}:{} admin=http://{}:{} links={} analytics={} "
            + "native_transport={} millis={}",
        config.http().host(), service.httpPort(), config.admin().host(), service.adminPort(),
        config.redis().enabled() ? "redis" : "embedded",
        !config.hits().tracking() ? "off" : config.sink().clickHouse() != null ? "clickhouse" : "embedded",
        vertx.isNativeTransportEnabled(),
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));

    // SIGTERM and SIGINT run shutdown hooks; ours stops everything in order, then ends the
    // process with 0: a requested, clean stop is a success, not the JVM's default 143.
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      LOG.info("event=stopping");
      service.stop();
      LOG.info("event=stopped");
      Runtime.getRuntime().halt(0);
    }, "waymark-shutdown"));
    new CountDownLatch(1).await();
    return 0;
  }

  private static void createDataDir(WaymarkConfig config) {
    try {
      Files.createDirectories(config.data().dir());
    } catch (IOException | SecurityException e) {
      throw Setting.DATA_DIR.invalid("cannot create " + config.data().dir() + ": " + e);
    }
  }

  /** Reports the version from the jar manifest. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Waymark.class.getPackage().getImplementationVersion();
      return new String[] {"waymark " + (v == null ? "development build" : v)};
    }
  }
}
