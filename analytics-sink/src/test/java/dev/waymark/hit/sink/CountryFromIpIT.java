package dev.waymark.hit.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.waymark.geo.CountryDatabase;
import dev.waymark.geo.TestGeoIp;
import dev.waymark.hit.HitEvent;
import dev.waymark.hit.HitIds;
import dev.waymark.hit.TestHits;
import dev.waymark.hit.duckdb.DuckDbStore;
import dev.waymark.hit.enrich.Enricher;
import dev.waymark.hit.enrich.FileSaltStore;
import dev.waymark.hit.enrich.UserAgents;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code country} from the client IP where no trusted header named one, written and spilled alike. */
class CountryFromIpIT {

  @TempDir Path dir;

  /** A hit of now from {@code ip} with the header's {@code country}. */
  private static HitEvent hit(int i, String ip, String country) {
    HitEvent e = TestHits.event(i);
    long now = System.currentTimeMillis() + i;
    return new HitEvent(HitIds.next(now), now, e.code(), e.linkCode(), e.touchpointCode(), e.campaign(), e.channel(),
        e.stage(), e.source(), e.qr(), e.status(), e.userAgent(), e.referrer(), e.acceptLanguage(), e.query(),
        e.linkUtm(), ip, "", country, false);
  }

  @Test
  void enrich_noHeader_countryOfTheIp_theHeaderWinsWhereItNamesOne() throws Exception {
    try (CountryDatabase db = CountryDatabase.open(TestGeoIp.database())) {
      Enricher enricher = new Enricher(new UserAgents(100), new FileSaltStore(dir.resolve("salts")),
          Clock.systemUTC(), db);
      List<HitEvent> hits = List.of(hit(0, "8.8.8.8", ""), hit(1, "193.0.6.139", "de"), hit(2, "193.0.6.139", "XX"),
          hit(3, "192.168.1.1", ""), hit(4, "2001:4860:4860::8888", ""), hit(5, "not an ip", ""));
      assertThat(enricher.enrich(hits, UUID.randomUUID())).extracting(r -> r.country())
          .containsExactly("US", "DE", "NL", "", "US", "");
      assertThat(new Enricher(new UserAgents(100), new FileSaltStore(dir.resolve("salts")), Clock.systemUTC())
          .enrich(hits.subList(0, 2), UUID.randomUUID())).as("without a database").extracting(r -> r.country())
          .containsExactly("", "DE");
    }
  }

  /** The IP is gone once a hit is spilled: its country is looked up on the way to disk. */
  @Test
  void sink_withGeoIpDb_fillsCountry_ofWrittenAndOfSpilledHits() throws Exception {
    AnalyticsSinkConfig config = AnalyticsSinkConfig.defaults(null)
        .withSpool(null, 1L << 30, 64 * 1024, SpoolFsync.NEVER)
        .withBatches(100_000, Duration.ofHours(1))
        .withGeoIpDb(TestGeoIp.database());
    Path dataDir = dir.resolve("data");
    List<HitEvent> written = new ArrayList<>();
    List<HitEvent> spilled = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      written.add(hit(i, "8.8.8.8", ""));
      spilled.add(hit(100 + i, "193.0.6.139", ""));
    }
    try (AnalyticsSink sink = AnalyticsSink.embedded(config, dataDir, new FileSaltStore(dir.resolve("salts")),
        Clock.systemUTC()).start()) {
      sink.write(written);
      sink.spill(spilled);
      sink.flush();
      await().atMost(Duration.ofSeconds(20)).until(() -> sink.stats().rowsWritten() == 10);
      sink.catchUp();
      await().atMost(Duration.ofSeconds(20)).until(() -> sink.stats().rowsWritten() == 20);
    }
    try (DuckDbStore store = DuckDbStore.open(dataDir.resolve("hits.duckdb"));
         Connection c = store.newReadConnection();
         ResultSet rs = c.createStatement().executeQuery(
             "SELECT string_agg(country || ':' || n, ' ' ORDER BY country) FROM"
                 + " (SELECT country, count(*) AS n FROM hits GROUP BY country)")) {
      rs.next();
      assertThat(rs.getString(1)).isEqualTo("NL:10 US:10");
    }
  }
}
