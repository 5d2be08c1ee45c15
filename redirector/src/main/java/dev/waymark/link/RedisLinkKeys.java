package dev.waymark.link;

import dev.waymark.redis.RedisEndpoint;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * The Redis key layout of links: one string key per code holding {@link LinkJson}, and one sorted
 * set per list (all links, per campaign, per tag, the touchpoints of each link) whose members are {@link LinkQuery#sortKey}s.
 *
 * <p>All carry the {@code {waymark}} hash tag: a write changes a link and its lists in one script,
 * and a script may only touch keys of one cluster slot. So in a Redis Cluster all links live on
 * one master (and its replicas): the cluster gives them failover, not sharding. Atomic list
 * updates are worth that; one master holds millions of links.
 */
final class RedisLinkKeys {

  static final String ALL = RedisEndpoint.KEY_PREFIX + "links";
  private static final String LINK = RedisEndpoint.KEY_PREFIX + "link:";

  private RedisLinkKeys() {}

  static String link(String code) {
    return LINK + code;
  }

  /** The touchpoints of one link; codes hold no ':', so this never equals a link key. */
  static String touchpoints(String linkCode) {
    return RedisEndpoint.KEY_PREFIX + "touchpoints:" + linkCode;
  }

  static String campaign(String campaign) {
    return ALL + ":campaign:" + campaign;
  }

  static String tag(String tag) {
    return ALL + ":tag:" + tag;
  }

  /** Every list the link belongs on. */
  static List<String> indices(Link link) {
    if (link.isTouchpoint()) {
      // Only on their link's list, so the link list (and its filters) never shows them.
      return List.of(touchpoints(link.linkCode()));
    }
    List<String> keys = new ArrayList<>();
    keys.add(ALL);
    if (link.campaign() != null) {
      keys.add(campaign(link.campaign()));
    }
    for (String tag : new LinkedHashSet<>(link.tags())) {
      keys.add(tag(tag));
    }
    return keys;
  }

  /** The link key of a list member: its code follows the milliseconds and a dash. */
  static String linkOfMember(String sortKey) {
    return link(sortKey.substring(sortKey.indexOf('-', 1) + 1));
  }
}
