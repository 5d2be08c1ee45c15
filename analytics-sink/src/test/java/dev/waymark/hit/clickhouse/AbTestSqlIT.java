package dev.waymark.hit.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.waymark.hit.Device;
import dev.waymark.hit.HitIds;
import dev.waymark.hit.HitRow;
import dev.waymark.hit.TestHits;
import dev.waymark.hit.Traffic;
import dev.waymark.journey.Stage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The "A/B tests per variant" SQL of docs/analytics.md, run on a real server over hits whose
 * answers are counted by hand: six people on two variants, one bot, two conversions (one reported
 * twice). The redirector's AnalystKitIT runs every block too, over traffic without variants.
 */
class AbTestSqlIT {

  private static final Path DOC = Path.of("..", "docs", "analytics.md");
  private static final Pattern SQL_BLOCK = Pattern.compile("```sql\\n-- ([^\\n]+)\\n(.*?)```", Pattern.DOTALL);

  static ClickHouseConfig config;
  static ClickHouseHttp http;
  static Map<String, String> blocks = new LinkedHashMap<>();

  @BeforeAll
  static void hits() throws Exception {
    config = TestClickHouse.freshDatabase("abtests");
    http = new ClickHouseHttp(config);
    new Migrations(http, Clock.systemUTC()).migrate();
    Matcher m = SQL_BLOCK.matcher(Files.readString(DOC));
    while (m.find()) {
      blocks.put(m.group(1).trim(), m.group(2).replaceAll("\\bwaymark\\b", config.database()));
    }
    long now = System.currentTimeMillis() / 1000; // this month, which the blocks look at
    UUID batch = UUID.randomUUID();
    List<HitRow> rows = new ArrayList<>();
    rows.add(hit(now, batch, 1, "a", "0", true, Traffic.HUMAN));
    rows.add(hit(now, batch, 2, "a", "0", false, Traffic.HUMAN));
    rows.add(hit(now, batch, 3, "a", "0", false, Traffic.HUMAN));
    rows.add(hit(now, batch, 6, "a", "", false, Traffic.HUMAN));
    rows.add(hit(now, batch, 4, "b", "", false, Traffic.HUMAN));
    rows.add(hit(now, batch, 5, "b", "", false, Traffic.HUMAN));
    rows.add(hit(now, batch, 5, "b", "", false, Traffic.HUMAN));
    rows.add(hit(now, batch, 7, "b", "", false, Traffic.BOT));
    TestHits.deliver(new ClickHouseWriter(http), rows, batch, 0);
    convert(rows.get(0).hitId(), "sale", "o-1", 10_000_000, "EUR");
    convert(rows.get(4).hitId(), "lead", "", 0, "");
    convert(rows.get(4).hitId(), "lead", "", 0, ""); // a retry that raced its own check
  }

  @AfterAll
  static void drop() throws Exception {
    TestClickHouse.drop(config);
  }

  private static HitRow hit(long ts, UUID batch, long visitor, String variant, String rule, boolean qr, Traffic traffic) {
    return new HitRow(ts, HitIds.next(ts * 1000), batch, "L", "L", "", "spring-2026", "poster", Stage.CONSIDERATION,
        "utrecht-cs", qr, variant, 302, Device.MOBILE, "iOS", "17.4", "Safari", "17.4", traffic, "", "NL", "", "", "",
        "", "", "", "nl", visitor, visitor, ts, rule);
  }

  private static void convert(UUID hit, String type, String id, long micros, String currency) throws Exception {
    String db = config.database();
    http.execute("INSERT INTO " + db + ".conversions (" + String.join(", ", HitsSchema.CONVERSION_COLUMNS) + ")"
        + " SELECT " + String.join(", ", HitsSchema.CONVERSION_HIT_COLUMNS) + ", '" + type + "', '" + id + "', "
        + micros + ", '" + currency + "', now() FROM " + db + ".hits WHERE hit_id = toUUID('" + hit + "')");
  }

  private static String answer(String name) throws Exception {
    assertThat(blocks).as("docs/analytics.md has a sql block named '%s'", name).containsKey(name);
    return http.execute(blocks.get(name)).trim();
  }

  @Test
  void hitsAndVisitorsPerVariant_peopleOnly() throws Exception {
    assertThat(answer("hits and visitors per variant")).isEqualTo("L\ta\t4\t1\t4\nL\tb\t3\t0\t2");
  }

  @Test
  void conversionRatePerVariant_convertedPeopleOfItsPeople() throws Exception {
    assertThat(answer("conversion rate per variant")).isEqualTo("L\ta\t4\t1\t0.25\nL\tb\t2\t1\t0.5");
  }

  @Test
  void conversionsAndRevenuePerVariant_eachConversionOnce() throws Exception {
    assertThat(answer("conversions and revenue per variant")).isEqualTo("L\ta\tsale\tEUR\t1\t10\nL\tb\tlead\t\t1\t0");
  }

  @Test
  void hitsAndVisitorsPerRule_theDefaultAsEmpty() throws Exception {
    assertThat(answer("hits and visitors per rule")).isEqualTo("L\t\ta\t1\t1\nL\t\tb\t3\t2\nL\t0\ta\t3\t3");
  }
}
