package dev.waymark.admin.conversion;

import dev.waymark.admin.http.Reply;
import dev.waymark.conversion.Conversion;
import dev.waymark.conversion.ConversionStore.Status;
import dev.waymark.problem.Problem.FieldError;
import dev.waymark.problem.ProblemException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The answers to a report of conversions, from the store's statuses: a single conversion is echoed
 * with its status (201 stored, 200 duplicate, 202 pending), a list is counted and answered item by
 * item (200, or 202 when any is pending); an unknown click is a 422 naming every one, since then
 * nothing was stored.
 */
final class ConversionView {

  /** Seconds after which a pending conversion is worth reporting again: its hit is then usually stored. */
  static final String RETRY_PENDING = "30";
  private static final String UNKNOWN = "no hit with this id was recorded, and none can still arrive";

  private ConversionView() {}

  /** {@code value} is {@code null} when none, written as a plain JSON number ({@code 12.5}, never {@code 1.25E+1}). */
  record Single(String click, String type, BigDecimal value, String currency, String id, String status) {}

  record Result(int index, String status) {}

  record Batch(int stored, int duplicates, int pending, List<Result> results) {}

  /** The reply to {@code request} given the store's {@code statuses}; throws the 422 for unknown clicks. */
  static Reply of(ConversionRequest request, List<Status> statuses) {
    List<Conversion> conversions = request.conversions();
    if (statuses.size() != conversions.size()) {
      throw new IllegalStateException("the conversion store answered " + statuses.size() + " statuses for "
          + conversions.size() + " conversions");
    }
    return request.batch() ? batch(statuses) : single(conversions.get(0), statuses.get(0));
  }

  private static Reply single(Conversion c, Status status) {
    if (status == Status.UNKNOWN_CLICK) {
      throw ProblemException.unknownClicks(List.of(new FieldError("click", UNKNOWN)),
          "click " + c.click() + ": " + UNKNOWN + "; nothing was stored");
    }
    Single view = new Single(c.click().toString(), c.type(), plain(c.value()), c.currency(),
        c.id().isEmpty() ? null : c.id(), wireName(status));
    return switch (status) {
      case STORED -> new Reply(201, null, Reply.json(view));
      case DUPLICATE -> new Reply(200, null, Reply.json(view));
      default -> new Reply(202, null, Reply.json(view), null, RETRY_PENDING);
    };
  }

  private static Reply batch(List<Status> statuses) {
    List<FieldError> unknown = new ArrayList<>();
    List<Integer> indices = new ArrayList<>();
    List<Result> results = new ArrayList<>(statuses.size());
    int[] counts = new int[Status.values().length];
    for (int i = 0; i < statuses.size(); i++) {
      Status status = statuses.get(i);
      counts[status.ordinal()]++;
      results.add(new Result(i, wireName(status)));
      if (status == Status.UNKNOWN_CLICK) {
        unknown.add(new FieldError(ConversionRequest.LIST + "[" + i + "].click", UNKNOWN));
        indices.add(i);
      }
    }
    if (!unknown.isEmpty()) {
      throw ProblemException.unknownClicks(unknown, "the conversions at " + indices + " name clicks never recorded; "
          + "nothing was stored: send the list again without them");
    }
    Batch view = new Batch(counts[Status.STORED.ordinal()], counts[Status.DUPLICATE.ordinal()],
        counts[Status.PENDING.ordinal()], results);
    return view.pending() == 0 ? new Reply(200, null, Reply.json(view))
        : new Reply(202, null, Reply.json(view), null, RETRY_PENDING);
  }

  private static String wireName(Status status) {
    return status.name().toLowerCase(Locale.ROOT);
  }

  /** {@code 12.50} as {@code 12.5} and {@code 1E+2} as {@code 100}. */
  private static BigDecimal plain(BigDecimal value) {
    if (value == null) {
      return null;
    }
    BigDecimal stripped = value.stripTrailingZeros();
    return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
  }
}
