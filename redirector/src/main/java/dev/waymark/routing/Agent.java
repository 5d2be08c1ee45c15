package dev.waymark.routing;

import dev.waymark.hit.Traffic;
import java.util.Objects;

/**
 * What {@link AgentClassifier} tells of one user agent: the vocabulary's device type, OS and
 * browser families ({@code null} when the agent names none of them), and whether a person, a bot
 * or a link unfurler sent it.
 */
public record Agent(DeviceType device, OsFamily os, BrowserFamily browser, Traffic traffic) {
  public Agent {
    Objects.requireNonNull(traffic, "traffic");
  }
}
