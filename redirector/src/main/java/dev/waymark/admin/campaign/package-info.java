/**
 * Campaign settings on the admin API: {@code PUT}, {@code GET} and {@code DELETE} of the defaults
 * that every link of a campaign follows, written by compare-and-set and recorded in the audit log.
 */
package dev.waymark.admin.campaign;
