/**
 * The print run, {@code waymark qr batch}: a CSV of touchpoints checked whole before anything is
 * sent, one touchpoint per row under a code stable across runs (so a second run reuses, never
 * duplicates), and their QR images in a ZIP that appears only when every row succeeded. A client of
 * the admin API only; "batch" elsewhere means the analytics sink's hit batches.
 */
package dev.waymark.printrun;
