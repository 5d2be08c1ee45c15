package dev.waymark.link;

import dev.waymark.journey.Stage;
import dev.waymark.routing.Routes;
import java.util.Map;

/**
 * What a cached link says about its hits (where they come from, and whether conversions are
 * reported for them), held once for all the links that say the same: a campaign's links usually
 * differ only in code and URL. The conversions flag lives here rather than in {@link CachedLink}
 * because a field there would grow every cached link by 8 bytes; so do the journey rules, which
 * most links do not have: a plain link pays nothing for them.
 *
 * @param routes the link's compiled journey rules, {@code null} for a plain link; compared by
 *     identity, so a link with rules shares its attribution with nobody
 */
record Attribution(String campaign, String channel, Stage stage, String source, Map<String, String> utm,
                   boolean conversions, Routes routes) {

  Attribution(String campaign, String channel, Stage stage, String source, Map<String, String> utm,
      boolean conversions) {
    this(campaign, channel, stage, source, utm, conversions, null);
  }
}
