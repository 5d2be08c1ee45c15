/**
 * The one way failures leave the admin API: a fixed catalogue of {@code ProblemType}s with stable
 * type URIs and statuses, and {@code ProblemHandler}, which answers every failure as
 * {@code application/problem+json}. No stack trace or internal message ever reaches a client.
 */
package dev.waymark.problem;
