/** Named API keys on the admin API: create (the secret shown once), list and revoke, for keys:admin only. */
package dev.waymark.admin.key;
