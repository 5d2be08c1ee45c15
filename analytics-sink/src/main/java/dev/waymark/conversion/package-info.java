/**
 * Conversions: what a shop reports back for a click ({@code wm_click}), stored beside the hits and
 * attributed to them. {@code Conversion} is the value, {@code ConversionStore} the contract both
 * analytics stores implement.
 */
package dev.waymark.conversion;
