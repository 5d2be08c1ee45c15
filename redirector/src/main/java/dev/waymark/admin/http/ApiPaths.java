package dev.waymark.admin.http;

/** The admin API's collection paths, in one place so that routes, links between them and messages agree. */
public final class ApiPaths {

  public static final String LINKS = "/api/v1/links";
  public static final String LINKS_IMPORT = LINKS + "/import";
  public static final String TOUCHPOINTS = "/api/v1/touchpoints";
  public static final String BRANDS = "/api/v1/brands";
  public static final String CAMPAIGNS = "/api/v1/campaigns";
  public static final String KEYS = "/api/v1/keys";
  public static final String AUDIT = "/api/v1/audit";

  private ApiPaths() {}
}
