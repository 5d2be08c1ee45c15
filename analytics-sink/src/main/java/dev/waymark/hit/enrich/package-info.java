/**
 * Turns raw hits into {@code hits} rows on the sink thread: device, OS and browser, bot and
 * link-preview verdicts, referrer host, language, UTM, and daily and monthly visitor ids from
 * secret per-period salts. The client IP leaves this package only inside a keyed hash; hostile
 * input costs bounded work, and nothing here may run on an event loop.
 */
package dev.waymark.hit.enrich;
