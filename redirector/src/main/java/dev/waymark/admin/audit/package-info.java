/** The audit log on the admin API: who changed what and when, newest first, for keys:admin only. */
package dev.waymark.admin.audit;
