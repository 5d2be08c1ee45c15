/**
 * Journey rules at the redirect: what a link or touchpoint may say about where each visitor goes
 * (A/B {@link dev.waymark.routing.Variant}s, ordered {@link dev.waymark.routing.Rule}s with their
 * {@link dev.waymark.routing.When} conditions, the {@code ios}/{@code android} shortcuts, a window
 * with a fallback, a hit limit, a link preview for unfurlers), as stored ({@link
 * dev.waymark.routing.Routing}) and as the redirect path decides it on the event loop.
 */
package dev.waymark.routing;
