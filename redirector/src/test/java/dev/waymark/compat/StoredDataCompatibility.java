package dev.waymark.compat;

import static dev.waymark.compat.StoredFixtures.get;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.waymark.link.Link;
import dev.waymark.link.LinkJson;
import dev.waymark.link.LinkStore;
import dev.waymark.touchpoint.Touchpoint;
import io.vertx.core.Vertx;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The checks every store must pass on data an earlier version wrote: each record reads back field
 * for field, the redirect cache resolves each code as before, and the lists are unchanged.
 */
abstract class StoredDataCompatibility {

  protected Vertx vertx;
  protected LinkStore store;
  protected JsonNode expected;

  /** A store opened on the fixtures of its kind, as the earlier version left them. */
  protected abstract LinkStore openOnFixtures(Vertx vertx) throws Exception;

  @BeforeEach
  void open() throws Exception {
    expected = StoredFixtures.JSON.readTree(StoredFixtures.DIR.resolve("expected.json").toFile());
    vertx = Vertx.vertx();
    store = openOnFixtures(vertx);
  }

  @AfterEach
  void close() throws Exception {
    if (store != null) {
      get(store.close());
    }
    get(vertx.close());
  }

  /**
   * Fields {@code Link} gained after the fixtures were written, with the value every record written
   * before them must read as; they are absent from the fixtures, and a record without them must
   * encode without them (the same bytes as before).
   */
  /** Components added after the fixtures were written, with the value every old record reads as. */
  private static final Map<String, Object> NEWER_FIELDS = newerFields();

  private static Map<String, Object> newerFields() {
    Map<String, Object> newer = new java.util.HashMap<>();
    newer.put("conversions", false);
    newer.put("routing", null);
    return newer;
  }

  @Test
  void everyStoredRecord_readsBackFieldForField() throws Exception {
    for (String code : StoredFixtures.CODES) {
      Link found = get(store.find(code));
      Map<String, Object> read = found == null ? null : StoredFixtures.fields(found);
      if (read != null) {
        NEWER_FIELDS.forEach((name, value) ->
            assertThat(read.remove(name)).as("%s of stored record %s", name, code).isEqualTo(value));
        NEWER_FIELDS.keySet().forEach(name -> assertThat(LinkJson.encode(found)).doesNotContain('"' + name + '"'));
      }
      assertThat(StoredFixtures.tree(read)).as("stored record %s", code).isEqualTo(expected.get("stored").get(code));
    }
  }

  @Test
  void everyStoredTouchpoint_readsAsTouchpoint_andConvertsBackToTheSameStoredForm() throws Exception {
    int touchpoints = 0;
    for (String code : StoredFixtures.CODES) {
      Link found = get(store.find(code));
      if (found == null || !found.isTouchpoint()) {
        continue;
      }
      touchpoints++;
      Touchpoint tp = Touchpoint.from(found);
      JsonNode stored = expected.get("stored").get(code);
      // A touchpoint's own routing is newer than the fixtures: an old one has none.
      assertThat(tp.routing()).as("routing of touchpoint %s", code).isNull();
      StoredFixtures.tree(StoredFixtures.fields(tp)).properties().forEach(f -> {
        if (!f.getKey().equals("routing")) {
          assertThat(f.getValue()).as("%s of touchpoint %s", f.getKey(), code).isEqualTo(stored.get(f.getKey()));
        }
      });
      assertThat(tp.toStored()).as("stored form of %s", code).isEqualTo(found);
      assertThat(LinkJson.encode(tp.toStored())).isEqualTo(LinkJson.encode(found));
    }
    assertThat(touchpoints).isEqualTo(5);
  }

  @Test
  void redirectCache_resolvesEveryCodeAsBefore() throws Exception {
    assertThat(StoredFixtures.tree(StoredFixtures.resolution(store)))
        .isEqualTo(expected.get("resolution"));
  }

  @Test
  void lists_areUnchanged() throws Exception {
    assertThat(StoredFixtures.tree(StoredFixtures.listings(store))).isEqualTo(expected.get("lists"));
  }
}
