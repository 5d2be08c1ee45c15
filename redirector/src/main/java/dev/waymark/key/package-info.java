/**
 * Named admin API keys with scopes: {@link dev.waymark.key.Scope}, the stored {@link
 * dev.waymark.key.NamedKey} (its secret only as a SHA-256), the {@link dev.waymark.key.KeyStore}
 * beside links and brands (Redis or an MVStore file), {@link dev.waymark.key.KeyAuthenticator}
 * that turns a presented key into the {@link dev.waymark.key.AuthenticatedKey} handlers see, and
 * the {@code waymark keys} command line.
 */
package dev.waymark.key;
