package dev.waymark.hit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.waymark.hit.row.HitsRowBinary;
import dev.waymark.hit.spool.Spool;
import java.nio.file.Path;
import dev.waymark.journey.Stage;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What every {@link HitStore} promises; each implementation runs it (ClickHouse as an IT). */
public abstract class HitStoreContract {

  protected abstract HitStore store();

  /** The first row of a SELECT as tab-separated text. */
  protected abstract String firstRow(String sql) throws Exception;

  /** The hits table as the store's SQL names it. */
  protected abstract String hits();

  /** A UUID literal in the store's SQL. */
  protected abstract String uuid(UUID id);

  /** Hands the store a fresh batch as rows; a store with a path of its own for rows overrides this. */
  protected HitStore.Outcome deliverRows(HitBatch batch, boolean mayAlreadyBeIn) throws Exception {
    return store().deliver(TestHits.encode(batch), mayAlreadyBeIn);
  }

  private static EncodedBatch batch(int n) {
    UUID id = UUID.randomUUID();
    List<HitRow> rows = TestHits.rows(id, n);
    return new EncodedBatch(id, n, rows.get(0).ts(), rows.get(n - 1).ts(), 0, HitsRowBinary.gzip(rows));
  }

  @Test
  void migrate_twice_secondRunAppliesNothing() throws Exception {
    store().migrate();
    assertThat(store().migrate()).isEmpty();
  }

  @Test
  void deliver_newBatch_storesEveryRow() throws Exception {
    store().migrate();
    EncodedBatch b = batch(300);
    assertThat(store().deliver(b, false)).isEqualTo(HitStore.Outcome.INSERTED);
    assertThat(store().rowsOf(b)).isEqualTo(300);
  }

  @Test
  void deliver_sameBatchAgainAfterUnknownOutcome_storesItOnce() throws Exception {
    store().migrate();
    EncodedBatch b = batch(50);
    store().deliver(b, false);
    assertThat(store().deliver(b, true)).isEqualTo(HitStore.Outcome.ALREADY_PRESENT);
    assertThat(store().rowsOf(b)).isEqualTo(50);
  }

  @Test
  void deliver_freshRowsThenTheSameBatchSpooled_storesItOnce() throws Exception {
    store().migrate();
    UUID id = UUID.randomUUID();
    HitBatch fresh = new HitBatch(id, TestHits.rows(id, 40), 0);
    assertThat(deliverRows(fresh, false)).isEqualTo(HitStore.Outcome.INSERTED);
    // The same batch again, as the spool would hold it after an attempt of unknown outcome.
    assertThat(store().deliver(TestHits.encode(fresh), true)).isEqualTo(HitStore.Outcome.ALREADY_PRESENT);
    assertThat(store().rowsOf(TestHits.encode(fresh))).isEqualTo(40);
  }

  @Test
  void deliver_columns_readBackWithTheContractsNamesAndValues() throws Exception {
    store().migrate();
    UUID id = UUID.randomUUID();
    List<HitRow> rows = TestHits.rows(id, 2);
    HitRow r = rows.get(1);
    store().deliver(new EncodedBatch(id, 2, rows.get(0).ts(), r.ts(), 0, HitsRowBinary.gzip(rows)), false);
    String row = firstRow("SELECT code, link_code, touchpoint_code, campaign, channel, stage, source,"
        + " is_qr, variant, status, device, os, os_version, browser, browser_version, traffic,"
        + " bot_name, country, referrer_host, utm_source, utm_medium, utm_campaign, utm_term,"
        + " utm_content, language, visitor, visitor_month FROM " + hits()
        + " WHERE hit_id = " + uuid(r.hitId()));
    assertThat(row).isEqualTo(String.join("\t", r.code(), r.linkCode(), "", "spring", "poster",
        "awareness", "poster-utrecht-cs", "0", "", "302", "mobile", "iOS", "17.1", "Safari", "17.1",
        "human", "", "NL", "www.example.com", "poster", "print", "", "", "", "nl",
        Long.toUnsignedString(r.visitor()), Long.toUnsignedString(r.visitorMonth())));
  }

  @Test
  void deliver_variantAndRule_readBackPerHit() throws Exception {
    store().migrate();
    UUID id = UUID.randomUUID();
    List<HitRow> rows = TestHits.rowsWithRules(id, 6);
    store().deliver(TestHits.encode(new HitBatch(id, rows, 0)), false);
    for (HitRow r : rows) {
      assertThat(firstRow("SELECT variant || '/' || rule FROM " + hits() + " WHERE hit_id = " + uuid(r.hitId())))
          .as(r.hitId().toString()).isEqualTo(r.variant() + "/" + r.rule());
    }
    assertThat(firstRow("SELECT count(*) FROM " + hits() + " WHERE batch_id = " + uuid(id)
        + " AND variant = 'b' AND rule = 'vip'")).isEqualTo("1");
    assertThat(firstRow("SELECT count(*) FROM " + hits() + " WHERE batch_id = " + uuid(id)
        + " AND rule = ''")).isEqualTo("2");
  }

  /** After an upgrade, what the earlier version spooled is stored as it was, with no rule. */
  @Test
  void deliver_batchesSpooledBeforeTheRuleColumn_storedWithAnEmptyRule(@TempDir Path spoolDir) throws Exception {
    store().migrate();
    TestHits.copySpoolOfTheVersionBeforeRule(spoolDir);
    try (Spool spool = Spool.open(spoolDir, 1 << 20, 1 << 24, Spool.FSYNC_NEVER)) {
      EncodedBatch plain = spool.peek();
      assertThat(plain.format()).isEqualTo(EncodedBatch.FORMAT_BEFORE_RULE);
      assertThat(store().deliver(plain, plain.mayAlreadyBeIn())).isEqualTo(HitStore.Outcome.INSERTED);
      spool.ack();
      EncodedBatch doubtful = spool.peek();
      assertThat(store().deliver(doubtful, doubtful.mayAlreadyBeIn())).isEqualTo(HitStore.Outcome.INSERTED);
      assertThat(store().rowsOf(plain)).isEqualTo(3);
      assertThat(store().rowsOf(doubtful)).isEqualTo(2);
    }
    UUID first = new UUID(0x0123456789abcdefL, 100);
    assertThat(firstRow("SELECT variant || '/' || rule || '/' || country || '/' || code FROM " + hits()
        + " WHERE hit_id = " + uuid(first))).isEqualTo("b//NL/c0");
    assertThat(firstRow("SELECT count(*) FROM " + hits() + " WHERE rule = '' AND batch_id IN ("
        + uuid(new UUID(0x0123456789abcdefL, 1)) + ", " + uuid(new UUID(0x0123456789abcdefL, 2)) + ")"))
        .isEqualTo("5");
  }

  @Test
  void deliver_visitorHashAboveSignedRange_isStoredUnsigned() throws Exception {
    store().migrate();
    UUID id = UUID.randomUUID();
    HitRow base = TestHits.rows(id, 1).get(0);
    HitRow big = new HitRow(base.ts(), base.hitId(), id, base.code(), base.linkCode(), "", "", "",
        Stage.UNKNOWN, "", false, "", 404, Device.BOT, "", "", "", "", Traffic.BOT, "curl", "", "",
        "", "", "", "", "", "", -1L, Long.MIN_VALUE, base.receivedAt());
    store().deliver(new EncodedBatch(id, 1, big.ts(), big.ts(), 0, HitsRowBinary.gzip(List.of(big))), false);
    assertThat(firstRow("SELECT visitor, visitor_month, stage, traffic FROM " + hits()
        + " WHERE hit_id = " + uuid(big.hitId())))
        .isEqualTo("18446744073709551615\t9223372036854775808\tunknown\tbot");
  }
}
