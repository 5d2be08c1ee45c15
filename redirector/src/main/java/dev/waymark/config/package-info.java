/**
 * Waymark's settings: {@link dev.waymark.config.Setting} is the one table of them (variable,
 * flag, default, help, parser); {@link dev.waymark.config.ConfigOptions} turns it into picocli
 * options and, from what the user gave, into a {@link dev.waymark.config.WaymarkConfig} that is
 * valid by construction. Every refusal names the variable and the flag, never a Java type.
 */
package dev.waymark.config;
