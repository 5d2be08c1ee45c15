package dev.waymark.hit.enrich;

import dev.waymark.hit.Device;
import dev.waymark.hit.Traffic;

/**
 * What one user agent string says about the client, as the {@code hits} columns hold it; texts
 * are {@code ""} when unknown, and {@code botName} is {@code ""} exactly when traffic is human.
 */
public record UserAgentInfo(
    Device device, String os, String osVersion, String browser, String browserVersion,
    Traffic traffic, String botName) {

  static final UserAgentInfo UNKNOWN =
      new UserAgentInfo(Device.UNKNOWN, "", "", "", "", Traffic.HUMAN, "");
}
