/**
 * QR images of links and touchpoints: {@code QrRoutes} serves them with ETags, and
 * {@code QrRendering} renders every admin QR image on its own bounded worker pool, never on an
 * event loop, refusing what would not scan.
 */
package dev.waymark.admin.qr;
