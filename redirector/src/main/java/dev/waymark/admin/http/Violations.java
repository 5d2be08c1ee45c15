package dev.waymark.admin.http;

import dev.waymark.problem.Problem.FieldError;
import dev.waymark.problem.ProblemException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Collects every invalid field of one request, so that a single 400 can name them all. */
public final class Violations {

  private final List<FieldError> errors = new ArrayList<>();

  /** Records a violation; returns {@code null} so validators can {@code return v.add(...)}. */
  public <T> T add(String field, String detail) {
    errors.add(new FieldError(field, detail));
    return null;
  }

  /** How many so far: a parser compares counts to tell whether one part of a request added any. */
  public int count() {
    return errors.size();
  }

  public boolean isEmpty() {
    return errors.isEmpty();
  }

  /** Throws the 400 naming every recorded field, if there is any. */
  public void throwIfAny() {
    if (!errors.isEmpty()) {
      throw ProblemException.invalid(errors);
    }
  }

  /** {@code names} in order, for messages that list what a request may contain. */
  public static List<String> sorted(Set<String> names) {
    return names.stream().sorted().toList();
  }
}
