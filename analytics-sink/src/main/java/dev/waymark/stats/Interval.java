package dev.waymark.stats;

/**
 * The bucket of a time series. Days, weeks (starting Monday) and months start at midnight in the
 * question's zone; an hour is a clock hour, so a day with a DST change has 23 or 25 of them.
 */
public enum Interval { HOUR, DAY, WEEK, MONTH }
