package dev.waymark.hit.row;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.waymark.hit.HitRow;
import dev.waymark.hit.TestHits;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class HitsRowBinaryTest {

  @Test
  void gzipThenRead_rows_roundTripExactly() {
    List<HitRow> rows = TestHits.rows(UUID.randomUUID(), 1000);
    assertThat(HitsRowBinary.read(HitsRowBinary.gzip(rows), rows.size())).isEqualTo(rows);
  }

  @Test
  void gzip_longAndNonAsciiStrings_useLeb128LengthsAndUtf8() {
    HitRow r = TestHits.rows(UUID.randomUUID(), 1).get(0);
    HitRow odd = new HitRow(r.ts(), r.hitId(), r.batchId(), "x".repeat(300), "\u00e9\u4e2d\uD83D\uDE00",
        r.touchpointCode(), r.campaign(), r.channel(), r.stage(), r.source(), r.qr(), r.variant(),
        65535, r.device(), "Caf\u00e9 OS", r.osVersion(), r.browser(), r.browserVersion(), r.traffic(),
        r.botName(), r.country(), r.referrerHost(), r.utmSource(), r.utmMedium(), r.utmCampaign(),
        r.utmTerm(), r.utmContent(), r.language(), -1L, Long.MIN_VALUE, 4_294_967_295L);
    assertThat(HitsRowBinary.read(HitsRowBinary.gzip(List.of(odd)), 1)).containsExactly(odd);
  }

  @Test
  void read_truncatedBody_failsInsteadOfInventingRows() {
    List<HitRow> rows = TestHits.rows(UUID.randomUUID(), 3);
    byte[] gz = HitsRowBinary.gzip(rows);
    assertThatThrownBy(() -> HitsRowBinary.read(Arrays.copyOf(gz, gz.length / 2), 3))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
