/**
 * Every setting of a process, read once at start from {@code WAYMARK_*} environment variables and
 * matching flags into {@code WaymarkConfig}, which is valid by construction. Every refusal names
 * the variable and the flag, never a Java type.
 */
package dev.waymark.config;
