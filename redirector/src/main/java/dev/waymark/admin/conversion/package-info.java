/**
 * The conversions endpoint of the admin API ({@code POST /api/v1/conversions}): a shop reports what
 * followed a click it got as {@code wm_click}, one at a time or up to 1,000 at once. Its request
 * parsing, the store call run off the event loop with a bound and a timeout, and its answers.
 */
package dev.waymark.admin.conversion;
