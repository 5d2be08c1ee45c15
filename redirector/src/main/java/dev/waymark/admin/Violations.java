package dev.waymark.admin;

import dev.waymark.problem.Problem.FieldError;
import dev.waymark.problem.ProblemException;
import java.util.ArrayList;
import java.util.List;

/** Collects every invalid field of one request, so that a single 400 can name them all. */
final class Violations {

  private final List<FieldError> errors = new ArrayList<>();

  /** Records a violation; returns {@code null} so validators can {@code return v.add(...)}. */
  <T> T add(String field, String detail) {
    errors.add(new FieldError(field, detail));
    return null;
  }

  boolean isEmpty() {
    return errors.isEmpty();
  }

  /** Throws the 400 naming every recorded field, if there is any. */
  void throwIfAny() {
    if (!errors.isEmpty()) {
      throw ProblemException.invalid(errors);
    }
  }
}
