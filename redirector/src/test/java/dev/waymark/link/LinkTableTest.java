package dev.waymark.link;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class LinkTableTest {

  private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

  private static CachedLink link(String code, String url) {
    return CachedLink.of(new Link(code, url, null, null, null, null, null, null, 302, null, true, T0, T0));
  }

  @Test
  void get_putLinks_areFoundByCodeAndCounted() {
    LinkTable table = new LinkTable(100, Long.MAX_VALUE);
    table.put(link("abc", "https://example.com/a"));
    table.put(link("abd", "https://example.com/b"));
    assertThat(table.get("abc").url()).isEqualTo("https://example.com/a");
    assertThat(table.get("abd").url()).isEqualTo("https://example.com/b");
    assertThat(table.get("ab")).isNull();
    assertThat(table.get("abcd")).isNull();
    assertThat(table.peek("nope")).isNull();
    assertThat(table.size()).isEqualTo(2);
    assertThat(table.hits()).isEqualTo(2);
    assertThat(table.misses()).as("peek counts nothing").isEqualTo(2);
  }

  @Test
  void put_sameCode_replacesTheLink() {
    LinkTable table = new LinkTable(100, Long.MAX_VALUE);
    table.put(link("abc", "https://example.com/old"));
    table.put(link("abc", "https://example.com/new"));
    assertThat(table.get("abc").url()).isEqualTo("https://example.com/new");
    assertThat(table.size()).isEqualTo(1);
  }

  @Test
  void remove_andClear_dropLinks() {
    LinkTable table = new LinkTable(100, Long.MAX_VALUE);
    table.put(link("a", "https://example.com/a"));
    table.put(link("b", "https://example.com/b"));
    table.remove("a");
    table.remove("never-there");
    assertThat(table.get("a")).isNull();
    assertThat(table.get("b")).isNotNull();
    table.clear();
    assertThat(table.get("b")).isNull();
    assertThat(table.size()).isZero();
  }

  @Test
  void randomPutsAndRemoves_agreeWithAHashMap() {
    // Few distinct codes in a table that grows and shrinks: long probe runs, so removals have to
    // move links back correctly or later lookups miss them.
    LinkTable table = new LinkTable(100_000, Long.MAX_VALUE);
    Map<String, String> expected = new HashMap<>();
    Random random = new Random(42);
    for (int step = 0; step < 200_000; step++) {
      String code = "c" + random.nextInt(3_000);
      if (random.nextInt(3) == 0) {
        table.remove(code);
        expected.remove(code);
      } else {
        String url = "https://example.com/" + step;
        table.put(link(code, url));
        expected.put(code, url);
      }
      if (step % 10_000 == 0) {
        assertAgrees(table, expected);
      }
    }
    assertAgrees(table, expected);
  }

  private static void assertAgrees(LinkTable table, Map<String, String> expected) {
    assertThat(table.size()).isEqualTo(expected.size());
    for (int i = 0; i < 3_000; i++) {
      String code = "c" + i;
      CachedLink found = table.peek(code);
      assertThat(found == null ? null : found.url()).as(code).isEqualTo(expected.get(code));
    }
  }

  @Test
  void put_pastTheBound_evictsLinksNotReadRecently() {
    LinkTable table = new LinkTable(1_000, Long.MAX_VALUE);
    for (int i = 0; i < 1_000; i++) {
      table.put(link("old" + i, "https://example.com/" + i));
    }
    for (int i = 0; i < 100; i++) {
      assertThat(table.get("old" + i)).isNotNull(); // read: these should stay
    }
    for (int i = 0; i < 500; i++) {
      table.put(link("new" + i, "https://example.com/n" + i));
    }
    assertThat(table.size()).isEqualTo(1_000);
    assertThat(table.evictions()).isEqualTo(500);
    int kept = 0;
    for (int i = 0; i < 100; i++) {
      kept += table.peek("old" + i) != null ? 1 : 0;
    }
    assertThat(kept).as("recently read links kept").isEqualTo(100);
  }

  @Test
  void put_pastTheByteBound_evictsUntilTheNewLinkFits() {
    CachedLink small = link("s0", "https://example.com/");
    LinkTable table = new LinkTable(1_000, 10 * small.footprint());
    for (int i = 0; i < 10; i++) {
      table.put(link("s" + i, "https://example.com/"));
    }
    assertThat(table.size()).isEqualTo(10);
    assertThat(table.bytes()).isEqualTo(10 * small.footprint());
    CachedLink big = link("big", "https://example.com/" + "x".repeat(200));
    table.put(big);
    assertThat(table.get("big")).isNotNull();
    assertThat(table.bytes()).isLessThanOrEqualTo(10 * small.footprint()).isPositive();
    assertThat(table.evictions()).isGreaterThan(1); // one long URL displaced several short ones
    table.remove("big");
    table.clear();
    assertThat(table.bytes()).isZero();
  }

  @Test
  void put_replacingALink_keepsTheByteCountRight() {
    LinkTable table = new LinkTable(10, Long.MAX_VALUE);
    table.put(link("a", "https://example.com/short"));
    CachedLink longer = link("a", "https://example.com/" + "y".repeat(100));
    table.put(longer);
    assertThat(table.bytes()).isEqualTo(longer.footprint());
    table.remove("a");
    assertThat(table.bytes()).isZero();
  }

  @Test
  void put_asManyLinksAsTheBound_keepsThemAll() {
    // Segments fill unevenly; the bound is the table's, so none is evicted early.
    LinkTable table = new LinkTable(200_000, Long.MAX_VALUE);
    for (int i = 0; i < 200_000; i++) {
      table.put(link(Integer.toString(i, 36), "https://example.com/"));
    }
    assertThat(table.size()).isEqualTo(200_000);
    assertThat(table.evictions()).isZero();
  }

  @Test
  void get_whileOtherThreadsChurn_findsStableLinksAndNeverFails() throws Exception {
    LinkTable table = new LinkTable(5_000, Long.MAX_VALUE);
    for (int i = 0; i < 1_000; i++) {
      table.put(link("stable" + i, "https://example.com/" + i));
    }
    AtomicReference<Throwable> failure = new AtomicReference<>();
    List<Thread> writers = new ArrayList<>();
    for (int w = 0; w < 2; w++) {
      int seed = w;
      writers.add(new Thread(() -> {
        Random random = new Random(seed);
        try {
          for (int i = 0; i < 300_000; i++) {
            String code = "churn" + seed + "-" + random.nextInt(20_000);
            if (random.nextBoolean()) {
              table.put(link(code, "https://example.com/x"));
            } else {
              table.remove(code);
            }
          }
        } catch (Throwable t) {
          failure.set(t);
        }
      }));
    }
    writers.forEach(Thread::start);
    long found = 0;
    while (writers.stream().anyMatch(Thread::isAlive)) {
      for (int i = 0; i < 1_000; i++) {
        CachedLink l = table.get("stable" + i);
        if (l != null) { // a read racing with a move may miss, or the link was evicted
          found++;
          assertThat(l.code()).isEqualTo("stable" + i);
        }
      }
    }
    for (Thread t : writers) {
      t.join();
    }
    assertThat(failure.get()).isNull();
    assertThat(found).isPositive();
    assertThat(table.size()).isLessThanOrEqualTo(5_000 + 64);
    // Quiet again: whatever is left is found exactly where it is.
    int left = 0;
    for (int w = 0; w < 2; w++) {
      for (int i = 0; i < 20_000; i++) {
        CachedLink l = table.peek("churn" + w + "-" + i);
        left += l == null ? 0 : 1;
      }
    }
    for (int i = 0; i < 1_000; i++) {
      left += table.peek("stable" + i) == null ? 0 : 1;
    }
    assertThat(left).isEqualTo(table.size());
  }

  @Test
  void new_boundOutOfRange_isRefused() {
    assertThatThrownBy(() -> new LinkTable(0, Long.MAX_VALUE)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new LinkTable(10, 0)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void cachedLink_keepsCodeAndUrlInOneArray() {
    CachedLink l = link("spring-25", "https://example.com/a?b=c#d");
    assertThat(l.code()).isEqualTo("spring-25");
    assertThat(l.url()).isEqualTo("https://example.com/a?b=c#d");
    assertThat(l.urlAscii()).hasToString("https://example.com/a?b=c#d");
    assertThat(l.hasCode("spring-25")).isTrue();
    assertThat(l.hasCode("spring-26")).isFalse();
    assertThat(l.hasCode("spring-2")).isFalse();
    assertThat(l.hash()).as("the table finds it by the hash of the request's code").isEqualTo("spring-25".hashCode());
  }
}
