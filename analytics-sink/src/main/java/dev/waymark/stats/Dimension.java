package dev.waymark.stats;

/** What a breakdown groups hits by; each is one column of {@code hits} (wire name: lower case). */
public enum Dimension {
  LINK("link_code"), TOUCHPOINT("touchpoint_code"), CAMPAIGN("campaign"), CHANNEL("channel"),
  STAGE("stage"), SOURCE("source"), DEVICE("device"), OS("os"), BROWSER("browser"), COUNTRY("country"),
  LANGUAGE("language"), REFERRER("referrer_host"), VARIANT("variant"), UTM_SOURCE("utm_source"),
  UTM_MEDIUM("utm_medium"), UTM_CAMPAIGN("utm_campaign"), TRAFFIC("traffic"), BOT("bot_name");

  private final String column;

  Dimension(String column) {
    this.column = column;
  }

  /** The {@code hits} column the rows are grouped by. */
  public String column() {
    return column;
  }
}
