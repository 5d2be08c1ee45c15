/**
 * The process's Prometheus registry and its scrape handler. Meters are created once at start, so
 * the redirect path only increments counters; nothing here is computed per request.
 */
package dev.waymark.metrics;
