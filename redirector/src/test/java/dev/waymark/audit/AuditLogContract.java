package dev.waymark.audit;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The behaviour every {@link AuditLog} must have; each implementation's test extends this with a
 * way to open a fresh, empty log.
 */
@Timeout(value = 30, unit = SECONDS)
public abstract class AuditLogContract {

  static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
  static final AuditActor ALICE = new AuditActor("k1", "alice");
  static final AuditActor BOB = new AuditActor("k2", "bob");

  protected Vertx vertx;
  protected AuditLog log;

  /** A log with no entries in it, on {@code vertx}. */
  protected abstract AuditLog openEmptyLog(Vertx vertx) throws Exception;

  @BeforeEach
  void openLog() throws Exception {
    vertx = Vertx.vertx(new VertxOptions().setBlockedThreadCheckInterval(100)
        .setMaxEventLoopExecuteTime(100).setMaxEventLoopExecuteTimeUnit(TimeUnit.MILLISECONDS));
    log = openEmptyLog(vertx);
  }

  @AfterEach
  void closeLog() throws Exception {
    try {
      if (log != null) {
        get(log.close());
      }
    } finally {
      get(vertx.close());
    }
  }

  /** An entry made {@code seconds} after T0 (ids from a generator at that time). */
  static AuditEntry entry(long seconds, AuditActor actor, AuditAction action, AuditTarget type, String id) {
    AuditIds.Stamp stamp = new AuditIds(Clock.fixed(T0.plusSeconds(seconds), ZoneOffset.UTC),
        RandomGenerator.of("L64X128MixRandom")).next();
    ObjectNode before = action == AuditAction.CREATE ? null : JsonNodeFactory.instance.objectNode().put("v", "old");
    ObjectNode after = action == AuditAction.DELETE ? null : JsonNodeFactory.instance.objectNode().put("v", "new");
    return new AuditEntry(stamp.id(), stamp.time(), actor, action, new AuditEntry.Target(type, id), before, after);
  }

  @Test
  void append_thenQuery_returnsEqualEntriesNewestFirst() throws Exception {
    AuditEntry a = entry(1, ALICE, AuditAction.CREATE, AuditTarget.LINK, "abc");
    AuditEntry b = entry(2, BOB, AuditAction.UPDATE, AuditTarget.LINK, "abc");
    AuditEntry c = entry(3, ALICE, AuditAction.DELETE, AuditTarget.BRAND, "acme");
    get(log.append(List.of(a)));
    get(log.append(List.of(b, c)));

    AuditPage page = get(log.query(AuditQuery.all(10)));
    assertThat(page.entries()).containsExactly(c, b, a);
    assertThat(page.nextCursor()).isNull();
  }

  @Test
  void query_emptyLog_returnsEmptyLastPage() throws Exception {
    AuditPage page = get(log.query(AuditQuery.all(10)));
    assertThat(page.entries()).isEmpty();
    assertThat(page.nextCursor()).isNull();
  }

  @Test
  void query_byKeyIdOrName_returnsOnlyThatKeysEntries() throws Exception {
    AuditEntry a = entry(1, ALICE, AuditAction.CREATE, AuditTarget.LINK, "abc");
    AuditEntry b = entry(2, BOB, AuditAction.CREATE, AuditTarget.LINK, "def");
    get(log.append(List.of(a, b)));

    assertThat(get(log.query(new AuditQuery(null, null, "alice", null, null, null, 10))).entries()).containsExactly(a);
    assertThat(get(log.query(new AuditQuery(null, null, "k2", null, null, null, 10))).entries()).containsExactly(b);
    assertThat(get(log.query(new AuditQuery(null, null, "carol", null, null, null, 10))).entries()).isEmpty();
  }

  @Test
  void query_byTargetTypeAndId_returnsOnlyMatchingEntries() throws Exception {
    AuditEntry link = entry(1, ALICE, AuditAction.CREATE, AuditTarget.LINK, "abc");
    AuditEntry other = entry(2, ALICE, AuditAction.CREATE, AuditTarget.LINK, "def");
    AuditEntry brand = entry(3, ALICE, AuditAction.CREATE, AuditTarget.BRAND, "abc");
    get(log.append(List.of(link, other, brand)));

    assertThat(get(log.query(new AuditQuery(null, null, null, AuditTarget.LINK, null, null, 10))).entries())
        .containsExactly(other, link);
    assertThat(get(log.query(new AuditQuery(null, null, null, AuditTarget.LINK, "abc", null, 10))).entries())
        .containsExactly(link);
    assertThat(get(log.query(new AuditQuery(null, null, null, AuditTarget.KEY, null, null, 10))).entries()).isEmpty();
  }

  @Test
  void query_byTime_fromInclusiveToExclusive() throws Exception {
    AuditEntry a = entry(10, ALICE, AuditAction.CREATE, AuditTarget.LINK, "a");
    AuditEntry b = entry(20, ALICE, AuditAction.CREATE, AuditTarget.LINK, "b");
    AuditEntry c = entry(30, ALICE, AuditAction.CREATE, AuditTarget.LINK, "c");
    get(log.append(List.of(a, b, c)));

    AuditQuery range = new AuditQuery(T0.plusSeconds(20), T0.plusSeconds(30), null, null, null, null, 10);
    assertThat(get(log.query(range)).entries()).containsExactly(b);
    AuditQuery from = new AuditQuery(T0.plusSeconds(11), null, null, null, null, null, 10);
    assertThat(get(log.query(from)).entries()).containsExactly(c, b);
  }

  @Test
  void query_pagesWithCursor_visitEveryEntryOnceAndEndWithNullCursor() throws Exception {
    List<AuditEntry> all = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      all.add(entry(i, ALICE, AuditAction.CREATE, AuditTarget.LINK, "c" + i));
    }
    get(log.append(all));

    List<AuditEntry> seen = new ArrayList<>();
    String cursor = null;
    int pages = 0;
    do {
      AuditPage page = get(log.query(new AuditQuery(null, null, null, null, null, cursor, 3)));
      seen.addAll(page.entries());
      cursor = page.nextCursor();
      pages++;
    } while (cursor != null && pages < 10);

    assertThat(pages).isEqualTo(3);
    List<AuditEntry> newestFirst = new ArrayList<>(all);
    java.util.Collections.reverse(newestFirst);
    assertThat(seen).containsExactlyElementsOf(newestFirst);
  }

  @Test
  void query_fullLastPage_hasNoCursor() throws Exception {
    get(log.append(List.of(entry(1, ALICE, AuditAction.CREATE, AuditTarget.LINK, "a"),
        entry(2, ALICE, AuditAction.CREATE, AuditTarget.LINK, "b"))));

    assertThat(get(log.query(AuditQuery.all(2))).nextCursor()).isNull();
  }

  @Test
  void query_filteredPages_skipNonMatchingEntries() throws Exception {
    List<AuditEntry> all = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      all.add(entry(i, i % 2 == 0 ? ALICE : BOB, AuditAction.CREATE, AuditTarget.LINK, "c" + i));
    }
    get(log.append(all));

    AuditPage first = get(log.query(new AuditQuery(null, null, "bob", null, null, null, 2)));
    assertThat(first.entries()).containsExactly(all.get(5), all.get(3));
    AuditPage second = get(log.query(new AuditQuery(null, null, "bob", null, null, first.nextCursor(), 2)));
    assertThat(second.entries()).containsExactly(all.get(1));
    assertThat(second.nextCursor()).isNull();
  }

  @Test
  void query_longRunOfNonMatchingEntries_stopsAtScanLimitWithCursor() throws Exception {
    List<AuditEntry> all = new ArrayList<>();
    all.add(entry(0, BOB, AuditAction.CREATE, AuditTarget.LINK, "old"));
    AuditIds ids = new AuditIds(Clock.fixed(T0.plusSeconds(5), ZoneOffset.UTC), RandomGenerator.of("L64X128MixRandom"));
    for (int i = 0; i < AuditQuery.SCAN_LIMIT; i++) {
      AuditIds.Stamp s = ids.next();
      all.add(new AuditEntry(s.id(), s.time(), ALICE, AuditAction.CREATE, new AuditEntry.Target(AuditTarget.LINK, "x"),
          null, JsonNodeFactory.instance.objectNode()));
    }
    get(log.append(all));

    AuditPage first = get(log.query(new AuditQuery(null, null, "bob", null, null, null, 10)));
    assertThat(first.entries()).isEmpty();
    assertThat(first.nextCursor()).isNotNull();
    AuditPage second = get(log.query(new AuditQuery(null, null, "bob", null, null, first.nextCursor(), 10)));
    assertThat(second.entries()).containsExactly(all.get(0));
    assertThat(second.nextCursor()).isNull();
  }

  @Test
  void removeBefore_dropsOnlyOlderEntries() throws Exception {
    AuditEntry a = entry(10, ALICE, AuditAction.CREATE, AuditTarget.LINK, "a");
    AuditEntry b = entry(20, ALICE, AuditAction.CREATE, AuditTarget.LINK, "b");
    AuditEntry c = entry(30, ALICE, AuditAction.CREATE, AuditTarget.LINK, "c");
    get(log.append(List.of(a, b, c)));

    assertThat(get(log.removeBefore(T0.plusSeconds(20)))).isEqualTo(1L);
    assertThat(get(log.query(AuditQuery.all(10))).entries()).containsExactly(c, b);
    assertThat(get(log.removeBefore(T0.plusSeconds(20)))).isZero();
  }

  @Test
  void retention_withInjectedClock_removesWhatIsOlderThanTheRetention() throws Exception {
    AuditEntry old = entry(0, ALICE, AuditAction.CREATE, AuditTarget.LINK, "old");
    AuditEntry young = entry(Duration.ofDays(80).toSeconds(), ALICE, AuditAction.CREATE, AuditTarget.LINK, "young");
    get(log.append(List.of(old, young)));
    Clock later = Clock.fixed(T0.plus(Duration.ofDays(90)).plusSeconds(1), ZoneOffset.UTC);

    assertThat(get(new AuditRetention(log, Duration.ofDays(90), later).removeExpired())).isEqualTo(1L);
    assertThat(get(log.query(AuditQuery.all(10))).entries()).containsExactly(young);
  }

  protected static <T> T get(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(20, SECONDS);
  }
}
