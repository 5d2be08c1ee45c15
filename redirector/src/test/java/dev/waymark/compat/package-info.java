/**
 * Proof that stored data outlives refactorings: fixtures written by an earlier version of the link
 * stores (an MVStore file and the raw Redis keys) must read back field for field, and resolve for
 * the redirect path exactly as they did, with the current code.
 */
package dev.waymark.compat;
