/**
 * The {@code waymark} process: the command line, {@code Service} (which opens the stores, wires
 * the cache, hit queue and routers, and starts and stops them in dependency order) and the two
 * listeners with their connection guards. Nothing here answers a request itself; the redirect
 * path and the admin API live in their own packages.
 */
package dev.waymark;
