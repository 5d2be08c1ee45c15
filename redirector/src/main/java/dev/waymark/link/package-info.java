/**
 * Links and the store of record behind them: the {@code Link} record, {@code LinkStore} with its
 * Redis and embedded implementations (both non-blocking, both held to one contract test), and
 * {@code LinkCache}, which answers a cached code with one lock-free read and lets no more than one
 * store call per code through. Nothing here may block the calling event loop.
 */
package dev.waymark.link;
