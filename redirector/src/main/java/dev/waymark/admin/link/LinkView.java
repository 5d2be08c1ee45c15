package dev.waymark.admin.link;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.waymark.journey.Stage;
import dev.waymark.link.Link;
import dev.waymark.link.LinkPage;
import dev.waymark.routing.Preview;
import dev.waymark.routing.Routing;
import dev.waymark.routing.Rule;
import dev.waymark.routing.Variant;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A link as the admin API shows it: every stored field, unset ones as explicit {@code null}, plus
 * the {@code shortUrl} people actually visit. Its journey rules are flat members, shown only when
 * set, so plain links look as they always did.
 */
public record LinkView(
    String code,
    String shortUrl,
    String url,
    String campaign,
    String channel,
    Stage stage,
    String source,
    List<String> tags,
    Map<String, String> utm,
    int redirect,
    Instant expiresAt,
    boolean enabled,
    boolean conversions,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) List<Variant> variants,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) List<Rule> rules,
    @JsonInclude(JsonInclude.Include.NON_NULL) String ios,
    @JsonInclude(JsonInclude.Include.NON_NULL) String android,
    @JsonInclude(JsonInclude.Include.NON_NULL) Instant activeFrom,
    @JsonInclude(JsonInclude.Include.NON_NULL) String fallbackUrl,
    @JsonInclude(JsonInclude.Include.NON_NULL) Long maxHits,
    @JsonInclude(JsonInclude.Include.NON_NULL) Preview preview,
    Instant createdAt,
    Instant updatedAt) {

  public static LinkView of(Link link, URI publicBaseUrl) {
    Routing r = link.routingOrNone();
    return new LinkView(link.code(), shortUrl(publicBaseUrl, link.code()), link.url(), link.campaign(),
        link.channel(), link.stage(), link.source(), link.tags(), link.utm(), link.redirect(), link.expiresAt(),
        link.enabled(), link.conversions(), r.variants(), r.rules(), r.ios(), r.android(), r.activeFrom(),
        r.fallbackUrl(), r.maxHits(), r.preview(), link.createdAt(), link.updatedAt());
  }

  public static String shortUrl(URI publicBaseUrl, String code) {
    String base = publicBaseUrl.toString();
    return (base.endsWith("/") ? base : base + "/") + code;
  }

  /** One page of the link list; {@code nextCursor} is {@code null} on the last page. */
  record Page(List<LinkView> links, String nextCursor) {
    public static Page of(LinkPage page, URI publicBaseUrl) {
      return new Page(page.links().stream().map(l -> LinkView.of(l, publicBaseUrl)).toList(), page.nextCursor());
    }
  }
}
