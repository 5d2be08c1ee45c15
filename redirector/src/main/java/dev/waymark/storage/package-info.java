/**
 * What the embedded stores of brands, keys and the audit log build on: {@link
 * dev.waymark.storage.EmbeddedFile}, one MVStore file written on a worker pool of its own.
 */
package dev.waymark.storage;
