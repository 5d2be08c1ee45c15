package dev.waymark.link;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import dev.waymark.journey.Stage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LinkTest {

  private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");

  private static Link withRedirect(int redirect) {
    return new Link("abc", "https://example.com/", null, null, null, null, null, null, redirect,
        null, true, T0, T0);
  }

  @ParameterizedTest
  @ValueSource(ints = {301, 302, 307, 308})
  void redirect_allowedStatus_accepted(int status) {
    assertThat(withRedirect(status).redirect()).isEqualTo(status);
  }

  @ParameterizedTest
  @ValueSource(ints = {200, 300, 303, 304, 404})
  void redirect_otherStatus_rejectedNamingIt(int status) {
    assertThatIllegalArgumentException().isThrownBy(() -> withRedirect(status))
        .withMessageContaining(String.valueOf(status));
  }

  @Test
  void isPermanent_only301And308() {
    assertThat(withRedirect(301).isPermanent()).isTrue();
    assertThat(withRedirect(308).isPermanent()).isTrue();
    assertThat(withRedirect(302).isPermanent()).isFalse();
    assertThat(withRedirect(307).isPermanent()).isFalse();
  }

  @Test
  void requiredFields_null_rejectedNamingTheField() {
    assertThatNullPointerException().isThrownBy(() -> new Link(null, "https://x/", null, null,
        null, null, null, null, 302, null, true, T0, T0)).withMessage("code");
    assertThatNullPointerException().isThrownBy(() -> new Link("a", null, null, null,
        null, null, null, null, 302, null, true, T0, T0)).withMessage("url");
  }

  @Test
  void tagsAndUtm_null_becomeEmpty() {
    Link link = withRedirect(302);

    assertThat(link.tags()).isEmpty();
    assertThat(link.utm()).isEmpty();
  }

  @Test
  void tags_copiedSoLaterChangesToTheInputDoNotLeakIn() {
    List<String> tags = new ArrayList<>(List.of("a"));
    Link link = new Link("abc", "https://example.com/", null, null, null, null, tags, null, 302,
        null, true, T0, T0);

    tags.add("b");

    assertThat(link.tags()).containsExactly("a");
  }

  @Test
  void json_roundTrip_keepsEveryField() {
    Link link = new Link("abc", "https://example.com/?q=1", "spring", "poster",
        Stage.CONSIDERATION, "utrecht-cs", List.of("print"), Map.of("utm_source", "poster"), 307,
        Instant.parse("2027-01-01T00:00:00.123456789Z"), false, T0, T0.plusSeconds(1));

    assertThat(LinkJson.decode(LinkJson.encode(link))).isEqualTo(link);
  }

  @Test
  void json_stageAndInstants_inWireForm_andNullsLeftOut() {
    Link link = new Link("abc", "https://example.com/", null, null, Stage.AWARENESS, null, null,
        null, 302, null, true, T0, T0);

    String json = LinkJson.encode(link);

    assertThat(json).contains("\"stage\":\"awareness\"")
        .contains("\"createdAt\":\"2026-11-23T10:00:00Z\"")
        .doesNotContain("campaign").doesNotContain("expiresAt");
  }

  @Test
  void json_conversions_writtenOnlyWhenTrue_absentReadsAsFalse() {
    Link plain = new Link("abc", "https://example.com/", null, null, null, null, null, null, 302, null, true, T0, T0);
    Link converting = new Link("abc", "https://example.com/", null, null, null, null, null, null, 302, null, true,
        T0, T0, null, null, null, null, true);

    assertThat(LinkJson.encode(plain)).doesNotContain("conversions");
    assertThat(LinkJson.encode(converting)).endsWith(",\"conversions\":true}");
    assertThat(LinkJson.decode(LinkJson.encode(converting))).isEqualTo(converting);
    assertThat(LinkJson.decode(LinkJson.encode(plain)).conversions()).isFalse();
  }

  @Test
  void touchpoint_withConversionsOfItsOwn_isRefused() {
    assertThatIllegalArgumentException().isThrownBy(() -> new Link("tp", null, null, "poster", null, null, null,
        null, 302, null, true, T0, T0, "abc", "Poster", null, null, true)).withMessageContaining("follows its link's conversions");
  }

  @Test
  void json_unknownFields_ignored() {
    String json = "{\"code\":\"abc\",\"url\":\"https://example.com/\",\"redirect\":302,"
        + "\"enabled\":true,\"createdAt\":\"2026-11-23T10:00:00Z\","
        + "\"updatedAt\":\"2026-11-23T10:00:00Z\",\"fromTheFuture\":1}";

    assertThat(LinkJson.decode(json).code()).isEqualTo("abc");
  }
}
