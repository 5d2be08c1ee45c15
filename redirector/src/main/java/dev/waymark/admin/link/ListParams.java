package dev.waymark.admin.link;

import com.fasterxml.jackson.databind.node.TextNode;
import dev.waymark.admin.http.Violations;
import dev.waymark.link.FieldLimits;
import dev.waymark.link.LinkQuery;
import dev.waymark.problem.ProblemException;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The query parameters of {@code GET /api/v1/links}, checked: {@code limit} 1 to
 * {@link LinkQuery#MAX_LIMIT} (default 50), {@code cursor} as returned by a previous page,
 * {@code campaign} and {@code tag} filters. An empty filter counts as absent; a repeated one is an error.
 */
public final class ListParams {

  static final int DEFAULT_LIMIT = 50;
  private static final Pattern DIGITS = Pattern.compile("\\d{1,9}");

  private ListParams() {}

  static LinkQuery query(RoutingContext ctx) {
    Violations v = new Violations();
    try {
      ctx.queryParams();
    } catch (IllegalArgumentException e) {
      throw ProblemException.invalid("query", "is not a valid URL-encoded query string");
    }
    String limitParam = single(ctx, v, "limit");
    String cursor = single(ctx, v, "cursor");
    String campaign = single(ctx, v, "campaign");
    String tag = single(ctx, v, "tag");
    int limit = DEFAULT_LIMIT;
    if (limitParam != null) {
      if (!DIGITS.matcher(limitParam).matches()
          || Integer.parseInt(limitParam) < 1 || Integer.parseInt(limitParam) > LinkQuery.MAX_LIMIT) {
        v.add("limit", "must be an integer from 1 to " + LinkQuery.MAX_LIMIT);
      } else {
        limit = Integer.parseInt(limitParam);
      }
    }
    if (campaign != null) {
      campaign = LinkFields.text(v, "campaign", TextNode.valueOf(campaign), FieldLimits.MAX_TEXT_LENGTH);
    }
    if (tag != null) {
      tag = LinkFields.tag(v, "tag", tag);
    }
    v.throwIfAny();
    try {
      return new LinkQuery(campaign, tag, cursor, limit);
    } catch (IllegalArgumentException e) {
      throw ProblemException.invalid("cursor", "is not one this API returned");
    }
  }

  /** The page of touchpoints of {@code link} asked for: only {@code limit} and {@code cursor} apply. */
  public static LinkQuery touchpoints(RoutingContext ctx, String link) {
    LinkQuery query = query(ctx);
    if (query.campaign() != null || query.tag() != null) {
      throw ProblemException.invalid(query.campaign() != null ? "campaign" : "tag",
          "does not filter touchpoints; they are listed per link");
    }
    return LinkQuery.touchpointsOf(link, query.cursor(), query.limit());
  }

  private static String single(RoutingContext ctx, Violations v, String name) {
    List<String> values = ctx.queryParam(name);
    if (values.size() > 1) {
      return v.add(name, "must be given at most once");
    }
    return values.isEmpty() || values.get(0).isEmpty() ? null : values.get(0);
  }
}
