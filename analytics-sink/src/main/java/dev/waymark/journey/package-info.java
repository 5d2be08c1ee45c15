/**
 * The customer journey as links and hits share it: one {@link dev.waymark.journey.Stage} enum,
 * whose names are the JSON and stored values.
 */
package dev.waymark.journey;
