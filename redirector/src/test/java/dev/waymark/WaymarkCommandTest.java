package dev.waymark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.waymark.config.Setting;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class WaymarkCommandTest {

  private static String help(String... args) {
    StringWriter out = new StringWriter();
    int status = new CommandLine(new Waymark()).setOut(new PrintWriter(out)).execute(args);
    assertThat(status).isZero();
    return out.toString().replaceAll("\\s+", " ");
  }

  @Test
  void help_ofServeAndMigrate_listsEverySettingWithItsVariable() {
    for (String[] command : new String[][] {{"--help"}, {"migrate", "--help"}}) {
      String help = help(command);
      for (Setting setting : Setting.values()) {
        assertThat(help).as(String.join(" ", command))
            .contains(setting.flag() + "=<")
            .contains("(" + setting.env() + ", default ");
      }
    }
  }

  @Test
  void help_showsEachDefault_secretsOnlyAsUnsetOrEmpty() {
    String help = help("--help");
    assertThat(help).contains("(WAYMARK_HIT_FLUSH_INTERVAL, default 1s)")
        .contains("(WAYMARK_CLICKHOUSE_PASSWORD, default empty)")
        .contains("(WAYMARK_ADMIN_API_KEY, default unset)");
  }
}
