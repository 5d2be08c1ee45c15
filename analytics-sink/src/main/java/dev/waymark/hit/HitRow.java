package dev.waymark.hit;

import dev.waymark.journey.Stage;
import java.util.Objects;
import java.util.UUID;

/**
 * One row of the {@code hits} table, enriched and cleaned: every text field is non-null, valid
 * Unicode, free of control characters and within its length limit, and nothing in it can be
 * turned back into the client's IP address.
 *
 * @param ts request time, epoch seconds (UTC)
 * @param receivedAt when the sink enriched the hit, epoch seconds (UTC)
 * @param rule the journey rule that decided the hit, {@code ""} for the link's default
 */
public record HitRow(
    long ts,
    UUID hitId,
    UUID batchId,
    String code,
    String linkCode,
    String touchpointCode,
    String campaign,
    String channel,
    Stage stage,
    String source,
    boolean qr,
    String variant,
    int status,
    Device device,
    String os,
    String osVersion,
    String browser,
    String browserVersion,
    Traffic traffic,
    String botName,
    String country,
    String referrerHost,
    String utmSource,
    String utmMedium,
    String utmCampaign,
    String utmTerm,
    String utmContent,
    String language,
    long visitor,
    long visitorMonth,
    long receivedAt,
    String rule) {

  /** A row no rule decided: the shape before the {@code rule} column. */
  public HitRow(long ts, UUID hitId, UUID batchId, String code, String linkCode, String touchpointCode,
      String campaign, String channel, Stage stage, String source, boolean qr, String variant, int status,
      Device device, String os, String osVersion, String browser, String browserVersion, Traffic traffic,
      String botName, String country, String referrerHost, String utmSource, String utmMedium,
      String utmCampaign, String utmTerm, String utmContent, String language, long visitor,
      long visitorMonth, long receivedAt) {
    this(ts, hitId, batchId, code, linkCode, touchpointCode, campaign, channel, stage, source, qr, variant,
        status, device, os, osVersion, browser, browserVersion, traffic, botName, country, referrerHost,
        utmSource, utmMedium, utmCampaign, utmTerm, utmContent, language, visitor, visitorMonth, receivedAt, "");
  }

  public HitRow {
    Objects.requireNonNull(rule, "rule");
    Objects.requireNonNull(hitId, "hitId");
    Objects.requireNonNull(batchId, "batchId");
    Objects.requireNonNull(stage, "stage");
    Objects.requireNonNull(device, "device");
    Objects.requireNonNull(traffic, "traffic");
  }
}
