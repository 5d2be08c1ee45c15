package dev.waymark.campaign;

/** The precondition every {@link CampaignStore} checks before a write; breaking it is a programming error. */
final class CampaignWrites {

  private CampaignWrites() {}

  static void requireSameName(Campaign expected, Campaign next) {
    if (expected != null && !expected.name().equals(next.name())) {
      throw new IllegalArgumentException("a campaign's settings cannot move to another name: "
          + expected.name() + " -> " + next.name());
    }
  }
}
