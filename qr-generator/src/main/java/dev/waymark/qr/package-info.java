/**
 * Branded QR codes as PNG or SVG: {@code QrSpec} holds every visual choice and is valid by
 * construction, and {@code QrRenderer} returns only images that decode back to the exact payload.
 * Uploaded logos are sanitised before use ({@code Logo}). A library with no dependency on the
 * service; rendering is CPU work, so callers keep it off event loops.
 */
package dev.waymark.qr;
