/**
 * Benchmarks, not tests: JMH benchmarks of the per-request and per-hit costs, the loopback-only
 * load generator and link seeder that {@code run.sh} and {@code soak.sh} drive, and the sink and
 * cache-footprint measurements. Results are written to {@code RESULTS.md} and {@code SOAK.md},
 * with the date, machine and command of each run.
 */
package dev.waymark.bench;
