package dev.waymark.touchpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.waymark.journey.Stage;
import dev.waymark.link.Link;
import dev.waymark.link.Medium;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TouchpointTest {

  private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");

  private static Touchpoint poster(boolean enabled) {
    return new Touchpoint("tp1", "link1", "Poster", "poster", Stage.AWARENESS, "utrecht-cs", Medium.NFC, "A0",
        enabled, T0, T0.plusSeconds(1));
  }

  @Test
  void toStored_isATouchpointLinkWithoutLinkOnlyFields_andReadsBackEqual() {
    for (boolean enabled : new boolean[] {true, false}) {
      Link stored = poster(enabled).toStored();
      assertThat(stored).isEqualTo(new Link("tp1", null, null, "poster", Stage.AWARENESS, "utrecht-cs", List.of(),
          Map.of(), 302, null, enabled, T0, T0.plusSeconds(1), "link1", "Poster", Medium.NFC, "A0"));
      assertThat(Touchpoint.from(stored)).isEqualTo(poster(enabled));
    }
  }

  @Test
  void from_aLink_isRefused() {
    Link link = new Link("link1", "https://example.com", null, null, null, null, null, null, 302, null, true, T0, T0);
    assertThatThrownBy(() -> Touchpoint.from(link)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("is a link");
  }

  @Test
  void invariants_codeLinkNameAndTimesRequired_neverItsOwnLink() {
    assertThatThrownBy(() -> new Touchpoint("tp1", "tp1", "n", null, null, null, null, null, true, T0, T0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Touchpoint("tp1", null, "n", null, null, null, null, null, true, T0, T0))
        .isInstanceOf(NullPointerException.class).hasMessage("linkCode");
    assertThatThrownBy(() -> new Touchpoint("tp1", "l", null, null, null, null, null, null, true, T0, T0))
        .isInstanceOf(NullPointerException.class).hasMessage("name");
    assertThatThrownBy(() -> new Touchpoint("tp1", "l", "n", null, null, null, null, null, true, null, T0))
        .isInstanceOf(NullPointerException.class).hasMessage("createdAt");
  }
}
