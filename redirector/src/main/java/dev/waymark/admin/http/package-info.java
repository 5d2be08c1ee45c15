/**
 * The kit every admin feature answers with: JSON bodies in ({@code JsonBody}, {@code Violations}),
 * replies out ({@code Reply}), store calls off the event loop ({@code StoreCall}), conditional
 * requests ({@code ETags}, {@code IfMatch}), writes that lose no update ({@code AtomicWrites})
 * and the collection paths ({@code ApiPaths}). It knows no feature.
 */
package dev.waymark.admin.http;
