package dev.waymark.config;

import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;

/**
 * Splits the process's file descriptor limit ({@code RLIMIT_NOFILE}) between the two ports and a
 * reserve, so that a flood of connections to the public port can neither take the admin port's
 * descriptors nor those the link store, the hit spool, logs and jars need.
 *
 * @param httpMax default cap of the public port
 * @param adminMax default cap of the admin port
 */
public record DescriptorBudget(int httpMax, int adminMax) {

  /** Assumed when the JVM cannot tell the limit (not a Unix): the common soft limit. */
  static final long UNKNOWN_LIMIT = 1024;

  /** The split of {@code maxFileDescriptors}: reserve 1/8 (128..1024), admin 1/32 (16..256), public the rest. */
  public static DescriptorBudget of(long maxFileDescriptors) {
    long limit = Math.max(256, Math.min(maxFileDescriptors, Integer.MAX_VALUE));
    long reserve = Math.min(1024, Math.max(128, limit / 8));
    long admin = Math.min(256, Math.max(16, limit / 32));
    long http = Math.max(64, limit - reserve - admin);
    return new DescriptorBudget((int) http, (int) admin);
  }

  /** The split of this process's own limit. */
  public static DescriptorBudget ofProcess() {
    OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
    if (os instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
      long max = unix.getMaxFileDescriptorCount();
      return of(max > 0 ? max : UNKNOWN_LIMIT);
    }
    return of(UNKNOWN_LIMIT);
  }
}
