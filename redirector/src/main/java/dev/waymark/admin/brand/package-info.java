/**
 * Brands on the admin API: named QR styles and logos, each change tried in a real render before
 * it is stored, so a brand that is stored always yields codes that scan.
 */
package dev.waymark.admin.brand;
