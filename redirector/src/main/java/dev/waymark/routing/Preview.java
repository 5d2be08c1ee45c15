package dev.waymark.routing;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What link unfurlers (chat apps and social sites drawing a card for a shared link) are shown
 * instead of a redirect: Open Graph title, description and image. People never see it.
 *
 * @param image an absolute http(s) URL, or {@code null}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Preview(String title, String description, String image) {}
