package dev.waymark.admin.touchpoint;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.waymark.admin.http.ApiPaths;
import dev.waymark.admin.link.LinkView;
import dev.waymark.journey.Stage;
import dev.waymark.link.LinkPage;
import dev.waymark.routing.Routing;
import dev.waymark.link.Medium;
import dev.waymark.touchpoint.Touchpoint;
import java.net.URI;
import java.time.Instant;
import java.util.List;

/**
 * A touchpoint as the admin API shows it: every stored field, unset ones as explicit {@code null},
 * its {@code shortUrl}, the code of its {@code link}, and where its QR images are on the admin port.
 * {@code enabled} is the touchpoint's own switch: its link being disabled makes it answer 410 too.
 * Its own {@code expiresAt} and journey rules are shown only when set (else its link's apply).
 */
public record TouchpointView(
    String code,
    String shortUrl,
    String link,
    String name,
    String channel,
    String source,
    Stage stage,
    Medium medium,
    String notes,
    boolean enabled,
    @JsonInclude(JsonInclude.Include.NON_NULL) Instant expiresAt,
    @JsonUnwrapped Routing routing,
    Qr qr,
    Instant createdAt,
    Instant updatedAt) {

  /** Admin-port paths of the QR images (same origin as the request that got this view). */
  record Qr(String png, String svg) {
    public static Qr of(String base, String code) {
      return new Qr(base + "/" + code + "/qr.png", base + "/" + code + "/qr.svg");
    }
  }

  public static TouchpointView of(Touchpoint tp, URI publicBaseUrl) {
    return new TouchpointView(tp.code(), LinkView.shortUrl(publicBaseUrl, tp.code()), tp.linkCode(), tp.name(),
        tp.channel(), tp.source(), tp.stage(), tp.medium(), tp.notes(), tp.enabled(), tp.expiresAt(),
        tp.routing(), Qr.of(ApiPaths.TOUCHPOINTS, tp.code()), tp.createdAt(), tp.updatedAt());
  }

  /** One page of a link's touchpoints; {@code nextCursor} is {@code null} on the last page. */
  record Page(List<TouchpointView> touchpoints, String nextCursor) {
    public static Page of(LinkPage page, URI publicBaseUrl) {
      return new Page(page.links().stream().map(t -> TouchpointView.of(Touchpoint.from(t), publicBaseUrl)).toList(),
          page.nextCursor());
    }
  }
}
