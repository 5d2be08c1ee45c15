/**
 * Where a hit came from, by its IP address, without asking anyone: {@code CountryDatabase} reads a
 * country from an offline MaxMind-format database (GeoLite2, DB-IP Lite, ip-location-db) held in
 * memory, so a lookup is safe on an event loop.
 */
package dev.waymark.geo;
