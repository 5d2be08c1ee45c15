/**
 * Writes that must not lose each other: {@link dev.waymark.concurrent.OptimisticUpdate} applies a
 * change to the current version of one stored object by compare-and-set with bounded, jittered
 * retries, and {@link dev.waymark.concurrent.KeyedSequence} queues the writes of one object within
 * this process so that they do not have to race at all. Shared by links, touchpoints and brands.
 */
package dev.waymark.concurrent;
