package dev.waymark.link;

import dev.waymark.journey.Stage;
import java.util.Map;

/**
 * What a cached link says about its hits (where they come from, and whether conversions are
 * reported for them), held once for all the links that say the same: a campaign's links usually
 * differ only in code and URL. The conversions flag lives here rather than in {@link CachedLink}
 * because a field there would grow every cached link by 8 bytes.
 */
record Attribution(String campaign, String channel, Stage stage, String source, Map<String, String> utm,
                   boolean conversions) {}
