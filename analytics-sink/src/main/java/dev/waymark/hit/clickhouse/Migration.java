package dev.waymark.hit.clickhouse;

import java.util.List;

/**
 * One versioned schema step: statements that are each safe to run again ({@code IF NOT EXISTS}),
 * so a migration interrupted half-way is simply run again from its first statement.
 */
record Migration(int version, String description, List<String> statements) {}
