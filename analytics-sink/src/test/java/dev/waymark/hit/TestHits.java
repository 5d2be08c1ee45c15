package dev.waymark.hit;

import dev.waymark.hit.row.HitsRowBinary;
import dev.waymark.journey.Stage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Hits and rows for tests. */
public final class TestHits {

  public static final long T0 = 1_763_884_800_000L; // 2025-11-23T08:00:00Z

  private TestHits() {}

  public static HitEvent event(int i) {
    return new HitEvent(HitIds.next(T0 + i), T0 + i, "c" + (i % 7), "c" + (i % 7), "",
        "spring", "poster", "awareness", "poster-utrecht-cs", i % 2 == 0, 302,
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1",
        "https://www.example.com/page?x=1", "nl-NL,nl;q=0.9,en;q=0.8", "utm_medium=print",
        Map.of("source", "poster"), "203.0.113." + (i % 250));
  }

  /** {@link #event(int)} as a {@code HEAD} request with the given user agent. */
  public static HitEvent head(int i, String userAgent) {
    HitEvent e = event(i);
    return new HitEvent(e.hitId(), e.timeMillis(), e.code(), e.linkCode(), e.touchpointCode(), e.campaign(),
        e.channel(), e.stage(), e.source(), e.qr(), e.status(), userAgent, e.referrer(), e.acceptLanguage(),
        e.query(), e.linkUtm(), e.clientIp(), e.variant(), e.country(), true);
  }

  /** The batch as the sink would encode it: gzipped RowBinary, the times it spans, its id. */
  public static EncodedBatch encode(HitBatch batch) {
    long minTs = Long.MAX_VALUE;
    long maxTs = Long.MIN_VALUE;
    for (HitRow r : batch.rows()) {
      if (!r.batchId().equals(batch.batchId())) {
        throw new IllegalArgumentException("row of batch " + r.batchId() + " in " + batch.batchId());
      }
      minTs = Math.min(minTs, r.ts());
      maxTs = Math.max(maxTs, r.ts());
    }
    return EncodedBatch.of(batch.batchId(), batch.rows().size(), minTs, maxTs, batch.createdAtMillis(),
        HitsRowBinary.gzip(batch.rows()), false);
  }

  /** Stores {@code rows} as one batch never sent before, as tools holding rows do. */
  public static HitStore.Outcome deliver(HitStore store, List<HitRow> rows, UUID batchId, long nowMillis)
      throws Exception {
    return store.deliver(encode(new HitBatch(batchId, rows, nowMillis)), false);
  }

  /**
   * {@code rows} of A/B variants {@code a} and {@code b} in turn, decided by rule {@code 0}, rule
   * {@code vip} or, for every third, the link's default ({@code ""}).
   */
  public static List<HitRow> rowsWithRules(UUID batchId, int n) {
    List<HitRow> rows = new ArrayList<>(n);
    for (HitRow r : rows(batchId, n)) {
      int i = rows.size();
      rows.add(new HitRow(r.ts(), r.hitId(), batchId, r.code(), r.linkCode(), r.touchpointCode(), r.campaign(),
          r.channel(), r.stage(), r.source(), r.qr(), i % 2 == 0 ? "a" : "b", r.status(), r.device(), r.os(),
          r.osVersion(), r.browser(), r.browserVersion(), r.traffic(), r.botName(), r.country(), r.referrerHost(),
          r.utmSource(), r.utmMedium(), r.utmCampaign(), r.utmTerm(), r.utmContent(), r.language(), r.visitor(),
          r.visitorMonth(), r.receivedAt(), new String[] {"0", "vip", ""}[i % 3]));
    }
    return rows;
  }

  /**
   * The spool segments the version before the {@code rule} column wrote (made by its own
   * {@code Spool}, {@code HitsRowBinary} and {@code OpenSpill} at commit 473bb17), copied into
   * {@code spoolDir} and its {@code spilled} directory as a sink finds them after an upgrade:
   * batch {@code 0123456789abcdef-...-1} (3 rows of variant {@code b}, hit ids {@code ...-100} to
   * {@code ...-102}), then the doubtful batch {@code ...-2} (2 rows); one spill record {@code ...-3}
   * of 3 hits (variant {@code b}, country {@code DE}, hit ids {@code ...-200} to {@code ...-202}).
   */
  public static void copySpoolOfTheVersionBeforeRule(java.nio.file.Path spoolDir) throws java.io.IOException {
    java.nio.file.Files.createDirectories(spoolDir.resolve("spilled"));
    copyResource("batches.seg", spoolDir.resolve("00000000000000000001.seg"));
    copyResource("spilled.seg", spoolDir.resolve("spilled").resolve("00000000000000000001.seg"));
  }

  private static void copyResource(String name, java.nio.file.Path to) throws java.io.IOException {
    try (var in = TestHits.class.getResourceAsStream("spool/before-rule/" + name)) {
      java.nio.file.Files.copy(java.util.Objects.requireNonNull(in, name), to);
    }
  }

  public static List<HitRow> rows(UUID batchId, int n) {
    List<HitRow> rows = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      long ts = T0 / 1000 + i;
      rows.add(new HitRow(ts, HitIds.next(T0 + i), batchId, "c" + (i % 7), "c" + (i % 7), "",
          "spring", "poster", Stage.AWARENESS, "poster-utrecht-cs", i % 2 == 0, "", 302,
          Device.MOBILE, "iOS", "17.1", "Safari", "17.1", Traffic.HUMAN, "", "NL",
          "www.example.com", "poster", "print", "", "", "", "nl", 1000L + i, 2000L + i, ts + 1));
    }
    return rows;
  }
}
