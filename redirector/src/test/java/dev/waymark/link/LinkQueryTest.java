package dev.waymark.link;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

class LinkQueryTest {

  private static Link link(String code, Instant createdAt) {
    return new Link(code, "https://example.com/", null, null, null, null, null, null, 302, null,
        true, createdAt, createdAt);
  }

  @Test
  void limit_outsideOneTo500_rejected() {
    assertThatIllegalArgumentException().isThrownBy(() -> new LinkQuery(null, null, null, 0));
    assertThatIllegalArgumentException().isThrownBy(() -> new LinkQuery(null, null, null, 501));
    assertThat(new LinkQuery(null, null, null, 1).limit()).isEqualTo(1);
    assertThat(new LinkQuery(null, null, null, 500).limit()).isEqualTo(500);
  }

  @Test
  void cursor_returnedSortKey_accepted() {
    String cursor = LinkQuery.sortKey(link("abc", Instant.parse("2026-11-23T10:00:00Z")));

    assertThat(new LinkQuery(null, null, cursor, 10).cursor()).isEqualTo(cursor);
  }

  @Test
  void cursor_notOfOurMaking_rejected() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new LinkQuery(null, null, "abc", 10))
        .withMessageContaining("cursor");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new LinkQuery(null, null, "1234-abc", 10));
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new LinkQuery(null, null, "1764000000000-a b", 10));
  }

  @Test
  void sortKey_isZeroPaddedMillisDashCode() {
    Link link = link("abc", Instant.ofEpochMilli(42));

    assertThat(LinkQuery.sortKey(link)).isEqualTo("0000000000042-abc");
  }

  @Test
  void sortKey_ignoresSubMillisecondPrecision() {
    Link link = link("abc", Instant.parse("2026-11-23T10:00:00.123456789Z"));

    assertThat(LinkQuery.sortKey(link)).isEqualTo(
        Instant.parse("2026-11-23T10:00:00.123Z").toEpochMilli() + "-abc");
  }

  @Test
  void sortKey_descendingStringOrder_isNewestFirstThenCodeDescending() {
    Instant t = Instant.parse("2026-11-23T10:00:00Z");
    List<Link> links = List.of(link("b", t), link("old", t.minusSeconds(86_400 * 365L)),
        link("new", t.plusMillis(1)), link("a", t));
    List<String> keys = new ArrayList<>(links.stream().map(LinkQuery::sortKey).toList());

    keys.sort(Comparator.reverseOrder());

    assertThat(keys).extracting(k -> k.substring(14)).containsExactly("new", "b", "a", "old");
  }
}
