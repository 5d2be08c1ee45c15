/**
 * The public port's hot path and nothing else: {@code RedirectHandler} answers {@code GET|HEAD
 * /{code}} from the link cache and offers one hit per answer without waiting for it. No client
 * input causes a 5xx here, and nothing here blocks, logs per request or touches a disk.
 */
package dev.waymark.redirect;
