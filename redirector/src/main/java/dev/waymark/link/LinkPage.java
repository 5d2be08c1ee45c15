package dev.waymark.link;

import java.util.List;

/** One page of links, newest first; {@code nextCursor} is {@code null} on the last page. */
public record LinkPage(List<Link> links, String nextCursor) {
  public LinkPage {
    links = List.copyOf(links);
  }
}
