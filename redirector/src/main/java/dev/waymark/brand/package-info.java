/**
 * Brand kits: stored QR defaults and a logo, applied with {@code ?brand=name}. A {@code Brand}
 * exists only with settings the QR generator accepts, and its store (Redis or an MVStore file,
 * non-blocking, one contract test) changes a brand and its logo image together or not at all.
 */
package dev.waymark.brand;
