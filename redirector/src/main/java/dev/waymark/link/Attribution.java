package dev.waymark.link;

import dev.waymark.journey.Stage;
import java.util.Map;

/**
 * What a cached link says about where a hit comes from, held once for all the links that say the
 * same: a campaign's links usually differ only in code and URL.
 */
record Attribution(String campaign, String channel, Stage stage, String source, Map<String, String> utm) {}
