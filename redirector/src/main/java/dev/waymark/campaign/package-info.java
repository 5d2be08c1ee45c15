/**
 * Campaign settings: defaults a campaign gives every link whose {@code campaign} names it (today,
 * conversions). {@code Campaign} is the record, {@code CampaignStore} its store (Redis or an
 * MVStore file, non-blocking, one contract test, change notices to every instance), and
 * {@code CampaignDefaults} each instance's copy in memory that the link cache reads when it loads
 * a link.
 */
package dev.waymark.campaign;
