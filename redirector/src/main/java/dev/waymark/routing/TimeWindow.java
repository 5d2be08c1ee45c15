package dev.waymark.routing;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Objects;

/**
 * The {@code when.time} condition as written: local times {@code HH:mm} and lower-case day names
 * ({@code mon} .. {@code sun}) in the IANA zone {@code tz}. {@code from} is inclusive, {@code to}
 * exclusive; a {@code from} after {@code to} spans midnight, and then {@code days} names the day the
 * span starts on. Either time may be left out (from the start of the day, to its end), and so
 * may {@code days} (every day), but not all three. The admin API validates; this record only holds.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record TimeWindow(String from, String to, List<String> days, String tz) {
  public TimeWindow {
    Objects.requireNonNull(tz, "tz");
    days = days == null ? List.of() : List.copyOf(days);
  }
}
