package dev.waymark.link;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * A stored link that no {@link Link} can be made of: not JSON, a field of the wrong type, or an
 * invariant broken (written by hand, or by a version that stored something this one refuses).
 * Distinct from a store that could not answer: retrying will not help, fixing the record will.
 */
public final class UnreadableLinkException extends UncheckedIOException {

  private static final long serialVersionUID = 1L;

  public UnreadableLinkException(IOException cause) {
    super(cause.getMessage(), cause);
  }
}
