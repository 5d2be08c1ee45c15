package dev.waymark.admin.campaign;

import dev.waymark.campaign.Campaign;
import java.time.Instant;
import java.util.List;

/** A campaign's settings as the admin API shows them. */
public record CampaignView(String name, boolean conversions, Instant createdAt, Instant updatedAt) {

  public static CampaignView of(Campaign c) {
    return new CampaignView(c.name(), c.conversions(), c.createdAt(), c.updatedAt());
  }

  /** Every campaign with settings, by name. */
  record Page(List<CampaignView> campaigns) {
    static Page of(List<Campaign> campaigns) {
      return new Page(campaigns.stream().map(CampaignView::of).toList());
    }
  }
}
