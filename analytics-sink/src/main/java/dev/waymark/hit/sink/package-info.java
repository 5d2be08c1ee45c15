/**
 * The analytics sink: the bounded hand-off queue from the redirect path, batching, the spill and
 * its catch-up, and the one delivery thread that moves batches into a store or the spool. Hits
 * handed to it end up in the store exactly once or stay in the spool; nothing runs on an event
 * loop.
 */
package dev.waymark.hit.sink;
