package dev.waymark.compat;

import static dev.waymark.compat.StoredFixtures.get;
import static org.assertj.core.api.Assertions.assertThat;

import dev.waymark.TestRedis;
import dev.waymark.journey.Stage;
import dev.waymark.link.EmbeddedLinkStore;
import dev.waymark.link.Link;
import dev.waymark.link.LinkStore;
import dev.waymark.link.Medium;
import dev.waymark.link.RedisLinkStore;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.api.io.TempDir;

/**
 * Writes the compatibility fixtures in {@code src/test/resources/compat} with the stores of the
 * checked-out code; skipped unless asked for, because fixtures are written once, by the old code.
 *
 * <p>Written at commit 1b66ef2 (before the touchpoint type existed), from the redirector directory's parent, with
 * {@code WAYMARK_COMPAT_GENERATE=1 scripts/test.sh -o -pl redirector -am -Dtest=StoredFixturesGenerator
 * -Dsurefire.failIfNoSpecifiedTests=false -Dfailsafe.failIfNoSpecifiedTests=false -DskipITs}; it flushes the
 * test Redis. Never regenerate them with newer code: that would prove only that the new code reads itself.
 *
 * <p>Files: {@code links.mv} (the embedded store), {@code redis.json} (every Redis key with its type and value,
 * to be written back with SET/ZADD/...), {@code expected.json} (each stored record field by field, what the
 * redirect cache made of each code, and the store's lists).
 */
@EnabledIfEnvironmentVariable(named = "WAYMARK_COMPAT_GENERATE", matches = "1")
class StoredFixturesGenerator {

  private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");

  @TempDir
  Path tmp;

  @Test
  void writeFixtures() throws Exception {
    Vertx vertx = Vertx.vertx();
    try (TestRedis redis = TestRedis.connect()) {
      Path file = tmp.resolve("links.mv");
      LinkStore embedded = get(EmbeddedLinkStore.open(vertx, file));
      for (Link l : links()) {
        assertThat(get(embedded.create(l))).isTrue();
      }
      Map<String, Object> expected = describe(embedded);
      get(embedded.close());
      Files.copy(file, StoredFixtures.DIR.resolve("links.mv"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);

      redis.admin().flushdb();
      LinkStore onRedis = get(RedisLinkStore.connect(vertx, redis.url()));
      for (Link l : links()) {
        assertThat(get(onRedis.create(l))).isTrue();
      }
      assertThat(describe(onRedis)).isEqualTo(expected);
      get(onRedis.close());

      StoredFixtures.JSON.writeValue(StoredFixtures.DIR.resolve("redis.json").toFile(),
          StoredFixtures.dump(redis.admin()));
      StoredFixtures.JSON.writeValue(StoredFixtures.DIR.resolve("expected.json").toFile(), expected);
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get();
    }
  }

  private static Map<String, Object> describe(LinkStore store) throws Exception {
    Map<String, Object> stored = new LinkedHashMap<>();
    for (String code : StoredFixtures.CODES) {
      Link l = get(store.find(code));
      stored.put(code, l == null ? null : StoredFixtures.fields(l));
    }
    Map<String, Object> all = new LinkedHashMap<>();
    all.put("stored", stored);
    all.put("resolution", StoredFixtures.resolution(store));
    all.put("lists", StoredFixtures.listings(store));
    return all;
  }

  /** A few links of every kind, with touchpoints, using every Medium and Stage and redirect status. */
  static List<Link> links() {
    List<Link> links = new ArrayList<>();
    links.add(new Link("spring1", "https://example.com/spring?ref=print&x=1", "spring", "poster", Stage.AWARENESS,
        "utrecht-cs", List.of("red", "print"),
        Map.of("utm_source", "poster", "utm_medium", "offline", "utm_campaign", "spring-2027"), 302, null, true,
        T0, T0.plusSeconds(1), null, null, null, null));
    links.add(new Link("perm301", "https://example.com/summer", "summer", "flyer", Stage.CONSIDERATION, null,
        List.of("blue"), Map.of(), 301, null, true, T0.plusSeconds(2), T0.plusSeconds(2), null, null, null, null));
    links.add(new Link("tmp307", "https://example.com/sale", null, "email", Stage.CONVERSION, "newsletter",
        List.of(), Map.of("utm_term", "sale"), 307, Instant.parse("2027-01-01T00:00:00.123456789Z"), true,
        T0.plusSeconds(3), T0.plusSeconds(4), null, null, null, null));
    links.add(new Link("gone308", "https://example.com/gone", "spring", null, Stage.SERVICE, null, List.of("red"),
        Map.of(), 308, Instant.parse("2026-11-24T00:00:00Z"), false, T0.plusSeconds(5), T0.plusSeconds(6), null,
        null, null, null));
    links.add(new Link("loyal", "https://example.com/ü?q=a%20b", null, null, Stage.LOYALTY, null, List.of(),
        Map.of(), 302, null, true, T0.plusSeconds(7), T0.plusSeconds(7), null, null, null, null));
    links.add(touchpoint("tpQr001", "spring1", "Poster Utrecht Centraal — perron 5", "poster", Stage.AWARENESS,
        "utrecht-cs", Medium.QR, "A0, next to the lift", true, 10));
    links.add(touchpoint("tpUrl02", "spring1", "Newsletter footer", "email", null, null, Medium.URL, null, true, 11));
    links.add(touchpoint("tpNfc03", "spring1", "Shelf tag", "packaging", Stage.LOYALTY, "shop-42", Medium.NFC,
        "switched off after the pilot", false, 12));
    links.add(touchpoint("tpBare4", "spring1", "bare", "social", null, null, null, null, true, 13));
    links.add(touchpoint("tpPerm5", "perm301", "Flyer", "flyer", Stage.SERVICE, "door-to-door", Medium.QR, null,
        true, 14));
    return links;
  }

  private static Link touchpoint(String code, String linkCode, String name, String channel, Stage stage,
      String source, Medium medium, String notes, boolean enabled, int second) {
    return new Link(code, null, null, channel, stage, source, List.of(), Map.of(), 302, null, enabled,
        T0.plusSeconds(second), T0.plusSeconds(second).plusMillis(500), linkCode, name, medium, notes);
  }
}
