package dev.waymark.stats;

import dev.waymark.journey.Stage;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How far people went along the journey: one step per stage of {@link Stage#JOURNEY}, in journey
 * order, stages without hits included with zeros. Definitions, on the hits of a {@link StatsQuery}
 * (its range, filters and traffic; it must not filter by stage):
 *
 * <ul>
 *   <li>a visitor is one {@code visitor_month} value, as in every stats answer: its salt changes
 *       with the UTC calendar month, so a journey is followed within one UTC month only;
 *   <li>{@code visitors} of a stage: visitors with at least one hit at that stage;
 *   <li>{@code fromPrevious} of stage k after the first: visitors whose <em>first</em> hit at
 *       stage k−1 is followed by a hit at stage k at or after it and at most {@code window} after
 *       it (both ends included, whole seconds); a stage-k hit before that first hit, or a stage
 *       skipped, does not count. Of the first stage it equals its {@code visitors};
 *   <li>{@code rate}: {@code fromPrevious} over the previous stage's {@code visitors}, rounded half
 *       up to 4 decimals, 0 when the previous stage has no visitors; {@code null} for the first
 *       stage, which has no previous one (a made-up 100% would read as a measured one);
 *   <li>{@code converted}, present when the store holds any conversion: {@code visitors} of the
 *       funnel (a hit at some stage) with at least one conversion attributed to one of their
 *       counted hits, and {@code rate}: that over every visitor of the funnel, rounded alike.
 * </ul>
 *
 * <p>When a stage has more than {@link SqlStatsStore#EXACT_VISITORS} visitors, a store may estimate
 * {@code visitors} and follow only a 1-in-K hash sample of visitors: {@code fromPrevious} is then the
 * sample's followed share of the previous stage's sampled visitors, times that stage's
 * {@code visitors}, so {@code rate} is the sample's rate.
 */
public record Funnel(Duration window, List<Step> steps, Converted converted) {

  /** The shortest window: the funnel follows journeys over hours and days, not clicks in a session. */
  public static final Duration MIN_WINDOW = Duration.ofHours(1);
  /** The longest window: beyond it the month the visitor id lives in ends anyway. */
  public static final Duration MAX_WINDOW = Duration.ofDays(90);
  public static final Duration DEFAULT_WINDOW = Duration.ofDays(7);

  public Funnel {
    checkWindow(window);
    steps = List.copyOf(steps);
    if (!steps.stream().map(Step::stage).toList().equals(Stage.JOURNEY)) {
      throw new IllegalArgumentException("a funnel has one step per journey stage, in order");
    }
  }

  /** A funnel of a store without conversions. */
  public Funnel(Duration window, List<Step> steps) {
    this(window, steps, null);
  }

  /** Throws {@link IllegalArgumentException} unless {@code window} is whole hours from 1 hour to 90 days. */
  public static void checkWindow(Duration window) {
    Objects.requireNonNull(window, "window");
    if (window.compareTo(MIN_WINDOW) < 0 || window.compareTo(MAX_WINDOW) > 0
        || !window.equals(Duration.ofHours(window.toHours()))) {
      throw new IllegalArgumentException("window must be whole hours from 1 hour to 90 days, got " + window);
    }
  }

  /** One stage of the funnel; {@code rate} is {@code null} for the first stage only. */
  public record Step(Stage stage, long visitors, long fromPrevious, Double rate) {

    public Step {
      Objects.requireNonNull(stage, "stage");
    }
  }

  /** The visitors of the funnel who converted, and their share of all its visitors. */
  public record Converted(long visitors, double rate) {}
}
