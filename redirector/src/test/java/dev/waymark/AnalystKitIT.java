package dev.waymark;

import static dev.waymark.WaymarkAnalyticsIT.CURL;
import static dev.waymark.WaymarkAnalyticsIT.DESKTOP;
import static dev.waymark.WaymarkAnalyticsIT.IPHONE;
import static dev.waymark.WaymarkAnalyticsIT.WHATSAPP;
import static dev.waymark.WaymarkJarIT.KEY;
import static dev.waymark.WaymarkJarIT.createLink;
import static dev.waymark.WaymarkJarIT.send;
import static dev.waymark.conversion.ConversionStore.Status.DUPLICATE;
import static dev.waymark.conversion.ConversionStore.Status.STORED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.waymark.conversion.Conversion;
import dev.waymark.hit.clickhouse.ClickHouseConfig;
import dev.waymark.hit.clickhouse.ClickHouseConversions;
import java.math.BigDecimal;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every {@code sql} block of docs/analytics.md runs on the real ClickHouse against hits sent
 * through the jar, and the blocks whose answer follows from the sent mix give exactly that answer:
 * the analyst kit cannot rot without failing the build.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class AnalystKitIT {

  /** Tests run in the module directory (failsafe's default); the doc lives at the repository root. */
  static final Path DOC = Files.exists(Path.of("docs", "analytics.md"))
      ? Path.of("docs", "analytics.md").toAbsolutePath()
      : Path.of("..", "docs", "analytics.md").toAbsolutePath().normalize();
  private static final Pattern SQL_BLOCK = Pattern.compile("```sql\\n(.*?)```", Pattern.DOTALL);
  private static final Pattern NAME = Pattern.compile("\\A--\\s*(.+)\\n");
  /** The visitor id the doc's erase example uses as a placeholder. */
  private static final String PLACEHOLDER_VISITOR = "1234567890123456789";

  @TempDir
  Path tmp;

  private final String database = "waymark_kit_" + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 1);

  @AfterEach
  void dropDatabase() throws Exception {
    if (System.getenv("WAYMARK_TEST_CLICKHOUSE_URL") != null) {
      ClickHouseSql.query("DROP DATABASE IF EXISTS " + database);
    }
  }

  /** The doc's {@code sql} blocks by their first-line comment, in doc order, for {@code db}. */
  static Map<String, String> sqlBlocks(String doc, String db) {
    Map<String, String> blocks = new LinkedHashMap<>();
    Matcher m = SQL_BLOCK.matcher(doc);
    while (m.find()) {
      String sql = m.group(1);
      Matcher name = NAME.matcher(sql);
      assertThat(name.find()).as("every sql block opens with a '-- name' comment:\n%s", sql).isTrue();
      String previous = blocks.put(name.group(1).trim(), sql.replaceAll("\\bwaymark\\b", db));
      assertThat(previous).as("two sql blocks named '%s'", name.group(1)).isNull();
    }
    return blocks;
  }

  @Test
  void everySqlBlockOfTheDoc_runsOnClickHouse_andAnswersTheKnownMix() throws Exception {
    Map<String, String> blocks = sqlBlocks(Files.readString(DOC), database);
    assertThat(blocks).as("sql blocks in %s", DOC).hasSizeGreaterThanOrEqualTo(15);
    Map<String, String> env = Map.of("WAYMARK_ADMIN_API_KEY", KEY,
        "WAYMARK_CLICKHOUSE_URL", ClickHouseSql.url(), "WAYMARK_CLICKHOUSE_DATABASE", database);
    try (WaymarkProcess w = WaymarkProcess.start(tmp.resolve("data"), env).awaitReady()) {
      createLinks(w);
      int sent = sendMix(w);
      await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).ignoreExceptions().untilAsserted(() ->
          assertThat(ClickHouseSql.query("SELECT count() FROM " + database + ".hits")).isEqualTo(Integer.toString(sent)));
    }
    recordConversions();

    Map<String, String> answers = new LinkedHashMap<>();
    List<String> failures = new ArrayList<>();
    for (Map.Entry<String, String> block : blocks.entrySet()) {
      ClickHouseSql.Answer a = ClickHouseSql.post(block.getValue());
      if (a.status() != 200) {
        failures.add(block.getKey() + ": HTTP " + a.status() + ": " + a.body().trim());
      }
      answers.put(block.getKey(), a.body().trim());
    }
    assertThat(failures).as("sql blocks of %s that ClickHouse refused", DOC).isEmpty();

    // The mix (see sendMix): people are the iPhone (QR scans on posters and flyers, clicks in the
    // mail) and the desktop (clicks); WhatsApp previews and curl are not people.
    assertThat(answers.get("qr scans vs clicks per campaign")).isEqualTo(String.join("\n",
        "autumn-2026\t3\t0\t1",
        "spring-2026\t12\t14\t0.462"));
    assertThat(answers.get("bot and preview share per campaign")).isEqualTo(String.join("\n",
        "autumn-2026\t4\t3\t1\t0\t0.25\t0",
        "spring-2026\t33\t26\t4\t3\t0.121\t0.091"));
    assertThat(answers.get("people per journey stage of a campaign this month")).isEqualTo(String.join("\n",
        "awareness\t1\t18\t12\t2",
        "conversion\t1\t8\t0\t2"));
    // Both people met the poster (awareness) and then the mail (conversion), skipping consideration.
    assertThat(answers.get("ordered funnel of a campaign this month")).isEqualTo("1\t2");
    assertThat(withoutColumns(answers.get("new vs returning visitors by month"), 1, 0)).isEqualTo("2\t2\t0\t0");
    assertThat(withoutColumns(answers.get("hits per day by channel"), 1, 0)).isEqualTo(String.join("\n",
        "email\t8\t0\t8\t8",
        "flyer\t3\t3\t0\t4",
        "poster\t18\t12\t6\t25"));
    assertThat(withoutColumns(answers.get("hits of the last hour per touchpoint"), 0, 1)).isEqualTo(String.join("\n",
        "spring-2026\tspring\t\tutrecht-cs\t12\t6\t2",
        "spring-2026\tspring-mail\t\tmarch-newsletter\t0\t8\t2",
        "autumn-2026\tautumn\t\tleiden-station\t3\t0\t1"));
    assertThat(answers.get("top referring hosts")).isEqualTo("news.example.org\t6\t1");
    assertThat(withoutColumns(answers.get("daily rollup: hits and daily visitors per campaign and stage"), 1, 0))
        .isEqualTo(String.join("\n",
            "autumn-2026\tawareness\t4\t3\t1",
            "spring-2026\tawareness\t25\t18\t2",
            "spring-2026\tconversion\t8\t8\t2"));
    // See recordConversions: curl's lead is a bot's; the lead has no value (currency '').
    assertThat(answers.get("revenue per touchpoint")).isEqualTo(String.join("\n",
        "spring-2026\tspring\t\tEUR\t1\t9.99",
        "spring-2026\tspring-mail\t\t\t1\t0",
        "spring-2026\tspring-mail\t\tEUR\t2\t50"));
    // Awareness: the iPhone and the desktop, the iPhone converted; conversion stage (mail): both converted.
    assertThat(answers.get("conversion rate per stage this month")).isEqualTo(String.join("\n",
        "awareness\t2\t1\t0.5",
        "conversion\t2\t2\t1"));

    eraseExamples_doWhatTheySay(blocks);
  }

  /**
   * Conversions through the real store, on hits picked by user agent: two sales of 25 EUR on the
   * desktop's mail clicks (the first reported twice), a lead without value on the iPhone's mail
   * click, a 9.99 EUR sale on one of its poster scans, and a lead on a curl hit (a bot's).
   */
  private void recordConversions() throws Exception {
    ClickHouseConversions store = new ClickHouseConversions(ClickHouseConfig.of(ClickHouseSql.url(), database),
        Clock.systemUTC(), Instant::now);
    String t = database + ".hits";
    List<String> desktopMail = Arrays.asList(ClickHouseSql.query("SELECT toString(hit_id) FROM " + t
        + " WHERE link_code = 'spring-mail' AND device = 'desktop' ORDER BY hit_id LIMIT 2").split("\n"));
    UUID iphoneMail = UUID.fromString(ClickHouseSql.query("SELECT toString(any(hit_id)) FROM " + t
        + " WHERE link_code = 'spring-mail' AND device = 'mobile'"));
    UUID iphoneScan = UUID.fromString(ClickHouseSql.query("SELECT toString(any(hit_id)) FROM " + t
        + " WHERE link_code = 'spring' AND is_qr = 1"));
    UUID curl = UUID.fromString(ClickHouseSql.query("SELECT toString(any(hit_id)) FROM " + t
        + " WHERE link_code = 'spring' AND traffic = 'bot'"));
    Conversion first =
        new Conversion(UUID.fromString(desktopMail.get(0)), "sale", new BigDecimal("25.00"), "EUR", "o-1");
    assertThat(store.record(List.of(first,
        new Conversion(UUID.fromString(desktopMail.get(1)), "sale", new BigDecimal("25"), "EUR", "o-2"),
        new Conversion(iphoneMail, "lead", null, null, ""),
        new Conversion(iphoneScan, "sale", new BigDecimal("9.99"), "EUR", "o-3"),
        new Conversion(curl, "lead", null, null, ""),
        first))).containsExactly(STORED, STORED, STORED, STORED, STORED, DUPLICATE);
  }

  /** The doc's erase statements, pointed at real rows, remove them from the tables, the rollups and the sample. */
  private void eraseExamples_doWhatTheySay(Map<String, String> blocks) throws Exception {
    String t = database + ".hits";
    String visitor = ClickHouseSql.query("SELECT any(visitor) FROM " + t + " WHERE link_code = 'spring' AND is_qr = 1");
    for (String name : List.of("erase one visitor", "erase one visitor's conversions",
        "erase one visitor from the stats sample")) {
      ClickHouseSql.query(blocks.get(name).replace(PLACEHOLDER_VISITOR, visitor));
    }
    for (String name : List.of("erase one link from hits", "erase one link from the daily rollup",
        "erase one link from the hourly rollup", "erase one link from the daily counts", "erase one link from conversions",
        "erase one link from the stats sample")) {
      ClickHouseSql.query(blocks.get(name).replace("'old-promo'", "'spring-mail'"));
    }
    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).ignoreExceptions().untilAsserted(() -> {
      assertThat(ClickHouseSql.query("SELECT count() FROM " + t + " WHERE visitor = " + visitor)).isEqualTo("0");
      assertThat(ClickHouseSql.query("SELECT count() FROM " + t + " WHERE link_code = 'spring-mail'")).isEqualTo("0");
      assertThat(ClickHouseSql.query("SELECT countMerge(hits) FROM " + database
          + ".hits_daily WHERE link_code = 'spring-mail'")).isEqualTo("0");
      assertThat(ClickHouseSql.query("SELECT sum(hits) FROM " + database
          + ".hits_hourly WHERE link_code = 'spring-mail'")).isEqualTo("0");
      assertThat(ClickHouseSql.query("SELECT sum(hits) FROM " + database
          + ".hits_counts WHERE link_code = 'spring-mail'")).isEqualTo("0");
      assertThat(ClickHouseSql.query("SELECT count() FROM " + database + ".hits_sample WHERE visitor = " + visitor
          + " OR link_code = 'spring-mail'")).isEqualTo("0");
      // The iPhone's two went with its visitor id, the desktop's sales with the link: curl's lead is left.
      assertThat(ClickHouseSql.query("SELECT count() FROM " + database + ".conversions")).isEqualTo("1");
    });
    // The iPhone's 12 poster scans and 3 flyer scans went with its visitor id; its 3 mail clicks with the link.
    assertThat(ClickHouseSql.query("SELECT count() FROM " + t)).isEqualTo(Integer.toString(37 - 15 - 8));
    assertThat(ClickHouseSql.query(blocks.get("pending erasures"))).contains("DELETE WHERE link_code = \\'spring-mail\\'");
  }

  /** Drops {@code leading} columns from the left and {@code trailing} from the right of each TSV row. */
  static String withoutColumns(String tsv, int leading, int trailing) {
    return Arrays.stream(tsv.split("\n"))
        .map(line -> {
          String[] cells = line.split("\t", -1);
          return String.join("\t", Arrays.copyOfRange(cells, leading, cells.length - trailing));
        })
        .collect(Collectors.joining("\n"));
  }

  private static void createLinks(WaymarkProcess w) throws Exception {
    for (String json : List.of(
        "{\"url\":\"https://example.com/spring\",\"slug\":\"spring\",\"campaign\":\"spring-2026\","
            + "\"channel\":\"poster\",\"stage\":\"awareness\",\"source\":\"utrecht-cs\"}",
        "{\"url\":\"https://example.com/spring/offer\",\"slug\":\"spring-mail\",\"campaign\":\"spring-2026\","
            + "\"channel\":\"email\",\"stage\":\"conversion\",\"source\":\"march-newsletter\"}",
        "{\"url\":\"https://example.com/autumn\",\"slug\":\"autumn\",\"campaign\":\"autumn-2026\","
            + "\"channel\":\"flyer\",\"stage\":\"awareness\",\"source\":\"leiden-station\"}")) {
      HttpResponse<String> r = createLink(w, KEY, json);
      assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    }
  }

  /**
   * 37 hits: spring (poster) 12 iPhone QR scans, 6 desktop clicks from news.example.org, 4 WhatsApp
   * previews, 3 curl; spring-mail (email) 5 desktop and 3 iPhone clicks; autumn (flyer) 3 iPhone QR
   * scans and 1 WhatsApp preview. All from 127.0.0.1: one visitor per user agent.
   */
  private static int sendMix(WaymarkProcess w) throws Exception {
    Object[][] mix = {
        {"/spring?qr=1", IPHONE, 12, null},
        {"/autumn?qr=1", IPHONE, 3, null},
        {"/spring", DESKTOP, 6, "https://news.example.org/article?id=7"},
        {"/spring", WHATSAPP, 4, null},
        {"/spring", CURL, 3, null},
        {"/spring-mail", DESKTOP, 5, null},
        {"/spring-mail", IPHONE, 3, null},
        {"/autumn", WHATSAPP, 1, null},
    };
    int sent = 0;
    for (Object[] m : mix) {
      for (int i = 0; i < (Integer) m[2]; i++) {
        HttpRequest.Builder request = HttpRequest.newBuilder(w.pub((String) m[0])).header("User-Agent", (String) m[1]);
        if (m[3] != null) {
          request.header("Referer", (String) m[3]);
        }
        assertThat(send(request).statusCode()).isEqualTo(302);
        sent++;
      }
    }
    return sent;
  }
}
