/**
 * The audit log of admin changes: {@link dev.waymark.audit.AuditEntry} (who, when, what, before
 * and after), the {@link dev.waymark.audit.AuditLog} stores (Redis, or an MVStore file), the
 * {@link dev.waymark.audit.AuditRecorder} every admin write path calls after a change succeeded,
 * and {@link dev.waymark.audit.AuditRetention}, which removes entries older than the configured
 * time. {@code GET /api/v1/audit} reads it ({@code admin.AuditRoutes}).
 */
package dev.waymark.audit;
