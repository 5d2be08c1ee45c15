/**
 * The hit contracts: what one redirect records ({@link dev.waymark.hit.HitEvent}), the row it
 * becomes ({@link dev.waymark.hit.HitRow}), the batches rows travel in, and the interfaces a sink
 * and a store implement. Only records, interfaces and enums live here, and nothing here imports
 * a sub-package: the parts of the sink depend on these, never the other way round.
 */
package dev.waymark.hit;
