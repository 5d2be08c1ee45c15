package dev.waymark.admin.campaign;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.waymark.admin.http.Violations;
import dev.waymark.campaign.Campaign;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

/**
 * A valid body for {@code PUT /api/v1/campaigns/{name}}: the campaign's settings, each left out
 * (or {@code null}) taking its default, as a PUT of a brand does. The name comes from the path; a
 * {@code name} member may repeat it, never change it.
 */
record CampaignRequest(String name, boolean conversions) {

  static final Set<String> FIELDS = Set.of("name", "conversions");
  static final Set<String> READ_ONLY = Set.of("createdAt", "updatedAt");

  /** Validates {@code body} for the campaign {@code pathName} (already checked); a 400 names every invalid member. */
  static CampaignRequest parse(ObjectNode body, String pathName) {
    Violations v = new Violations();
    for (Map.Entry<String, JsonNode> e : body.properties()) {
      String field = e.getKey();
      if (READ_ONLY.contains(field)) {
        v.add(field, "is read-only");
      } else if (!FIELDS.contains(field)) {
        v.add(field, "is not a known field; known: " + String.join(", ", Violations.sorted(FIELDS)));
      }
    }
    JsonNode name = body.get("name");
    if (name != null && !name.isNull()) {
      if (!name.isTextual()) {
        v.add("name", "must be a string");
      } else if (!name.textValue().equals(pathName)) {
        v.add("name", "must be the name in the path ('" + pathName + "') or left out; campaigns are not renamed");
      }
    }
    JsonNode conversions = body.get("conversions");
    if (conversions != null && !conversions.isNull() && !conversions.isBoolean()) {
      v.add("conversions", "must be true or false");
    }
    v.throwIfAny();
    return new CampaignRequest(pathName, conversions != null && conversions.booleanValue());
  }

  /** The settings this request describes, first stored at {@code createdAt}, written at {@code now}. */
  Campaign toCampaign(Instant createdAt, Instant now) {
    return new Campaign(name, conversions, createdAt, now);
  }
}
