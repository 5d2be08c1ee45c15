/**
 * The stats endpoints of the admin API ({@code /api/v1/stats/summary}, {@code timeseries},
 * {@code breakdown}, {@code funnel}): their query parameters, the store calls run off the event loop with a bound
 * and a timeout, and the JSON they answer with.
 */
package dev.waymark.admin.stats;
