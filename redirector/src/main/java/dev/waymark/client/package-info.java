/**
 * The one client of Waymark's admin API that the command-line tools ({@code waymark keys},
 * {@code waymark qr batch}) share: the {@code --api} option and the key's checks, the bearer key on
 * every request, the same transport, and one reading of problem+json answers into a message for
 * the user. Each command keeps only the calls of its own endpoints.
 */
package dev.waymark.client;
