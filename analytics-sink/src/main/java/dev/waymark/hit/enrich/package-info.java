/**
 * Enrichment of hits into rows, off the event loop: device, OS and browser from the user agent,
 * bot and link-preview traffic, cleaned request fields, and privacy-safe visitor ids from salts
 * that rotate; the raw IP never leaves this package.
 */
package dev.waymark.hit.enrich;
