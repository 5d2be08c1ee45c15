package dev.waymark.hit.enrich;

import java.time.LocalDate;
import java.time.YearMonth;

/**
 * Secret random salts for visitor ids, one per UTC day and one per month, the same for every
 * process that shares the store and never derivable from each other. Once a period's salt is
 * gone, its visitor ids can no longer be linked to an IP, even by whoever has the data.
 */
public interface SaltStore {

  /** The salt of that day, created (at random) the first time it is asked for. */
  byte[] daily(LocalDate day) throws Exception;

  /** The salt of that month, created (at random) the first time it is asked for. */
  byte[] monthly(YearMonth month) throws Exception;
}
