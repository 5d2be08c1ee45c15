package dev.waymark.routing;

/**
 * Counts redirects of the links and touchpoints that set {@code maxHits}, across every redirector
 * sharing a store: through Redis when it is configured, in-process (and in the data directory)
 * when embedded. Called on the event loop: never blocks, never waits for the store; the shared
 * count is synchronised in the background, which is why the limit may be overshot by a bounded
 * amount (see the implementation).
 */
public interface HitCaps {

  /**
   * Counts one redirect of {@code code} to its destination and returns true when fewer than
   * {@code max} were counted before it, as far as this process knows; returns false without
   * counting when the limit is reached (the request goes to the fallback).
   */
  boolean take(String code, long max);

  /** No limits anywhere: every {@link #take} succeeds. For tests and tools. */
  HitCaps NONE = (code, max) -> true;
}
