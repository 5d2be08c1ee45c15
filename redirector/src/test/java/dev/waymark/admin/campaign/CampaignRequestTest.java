package dev.waymark.admin.campaign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.waymark.campaign.Campaign;
import dev.waymark.link.LinkJson;
import dev.waymark.problem.Problem;
import dev.waymark.problem.ProblemException;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class CampaignRequestTest {

  private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

  private static CampaignRequest parse(String json) throws Exception {
    return CampaignRequest.parse((ObjectNode) LinkJson.MAPPER.readTree(json), "spring");
  }

  private static Problem problemOf(String json) {
    try {
      parse(json);
    } catch (ProblemException e) {
      return e.problem();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
    throw new AssertionError("accepted: " + json);
  }

  @Test
  void valid_bodies_giveTheSettings_leftOutOrNullIsFalse() throws Exception {
    assertThat(parse("{\"conversions\":true}").toCampaign(T0, T0)).isEqualTo(new Campaign("spring", true, T0, T0));
    assertThat(parse("{\"conversions\":false,\"name\":\"spring\"}").conversions()).isFalse();
    assertThat(parse("{}").conversions()).isFalse();
    assertThat(parse("{\"conversions\":null,\"name\":null}").conversions()).isFalse();
  }

  @Test
  void invalid_members_are400_eachNamedWithItsReason() {
    Problem p = problemOf("{\"conversions\":\"true\",\"extra\":1,\"updatedAt\":\"x\",\"name\":\"autumn\"}");
    assertThat(p.status()).isEqualTo(400);
    assertThat(p.errors()).extracting(Problem.FieldError::field)
        .containsExactlyInAnyOrder("conversions", "extra", "updatedAt", "name");
    assertThat(p.errors()).extracting(Problem.FieldError::detail).containsExactlyInAnyOrder(
        "must be true or false",
        "is not a known field; known: conversions, name",
        "is read-only",
        "must be the name in the path ('spring') or left out; campaigns are not renamed");
    assertThat(problemOf("{\"conversions\":0}").errors()).extracting(Problem.FieldError::field)
        .containsExactly("conversions");
    assertThat(problemOf("{\"name\":[\"spring\"]}").errors()).extracting(Problem.FieldError::detail)
        .containsExactly("must be a string");
  }

  @Test
  void campaignNames_followALinksCampaignRules() {
    assertThat(Campaign.nameProblem("Spring Sale / 2026: 50% ✓")).isNull();
    assertThat(Campaign.nameProblem("x".repeat(128))).isNull();
    assertThat(Campaign.nameProblem("x".repeat(129))).isEqualTo("must be at most 128 characters, was 129");
    assertThat(Campaign.nameProblem("")).isEqualTo("must not be empty");
    assertThat(Campaign.nameProblem(null)).isEqualTo("must not be empty");
    assertThat(Campaign.nameProblem("  ")).isEqualTo("must not be blank");
    assertThat(Campaign.nameProblem(" spring")).startsWith("must not start or end with spaces");
    assertThat(Campaign.nameProblem("spring\n")).startsWith("must not start or end with spaces");
    assertThat(Campaign.nameProblem("spr\u0007ing")).isEqualTo("must not contain control characters");
    assertThatThrownBy(() -> new Campaign(" x", true, T0, T0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("name must not start or end");
  }
}
