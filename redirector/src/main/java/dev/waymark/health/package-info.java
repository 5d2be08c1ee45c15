/**
 * Liveness and readiness of one process for load balancers and orchestrators. A down link store or
 * analytics store makes the process DEGRADED, not unready, because cached links keep redirecting;
 * only a process that is not serving (starting or draining) is unready.
 */
package dev.waymark.health;
