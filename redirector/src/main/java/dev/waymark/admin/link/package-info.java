/**
 * Links on the admin API: create, import, read, list, patch and delete, each field validated
 * with a message naming it ({@code LinkFields}), destinations checked against the configured
 * rules and never pointing back at a short URL ({@code ShortUrlHosts}). Journey rules, which
 * touchpoints share, are validated by {@code RoutingFields} and {@code WhenFields} and merged by
 * {@code RoutingPatch}.
 */
package dev.waymark.admin.link;
