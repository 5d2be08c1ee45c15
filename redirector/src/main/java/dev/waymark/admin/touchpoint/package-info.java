/**
 * Touchpoints on the admin API: the placements of one link, each with its own code, created
 * under {@code /links/{code}/touchpoints} and managed under {@code /touchpoints/{code}}.
 */
package dev.waymark.admin.touchpoint;
