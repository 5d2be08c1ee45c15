package dev.waymark.admin.link;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.waymark.journey.Stage;
import dev.waymark.link.Link;
import dev.waymark.link.LinkPage;
import dev.waymark.routing.Routing;
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
    @JsonUnwrapped Routing routing,
    Instant createdAt,
    Instant updatedAt) {

  public static LinkView of(Link link, URI publicBaseUrl) {
    return new LinkView(link.code(), shortUrl(publicBaseUrl, link.code()), link.url(), link.campaign(),
        link.channel(), link.stage(), link.source(), link.tags(), link.utm(), link.redirect(), link.expiresAt(),
        link.enabled(), link.conversions(), link.routing(), link.createdAt(), link.updatedAt());
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
