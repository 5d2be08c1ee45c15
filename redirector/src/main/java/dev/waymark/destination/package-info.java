/**
 * Which hosts a link may send people to, as the operator sets it: {@link
 * dev.waymark.destination.HostPattern} is one entry of an allow or deny list, {@link
 * dev.waymark.destination.DestinationHosts} applies the lists, the IP-literal rule and the
 * look-alike protection of brand hosts ({@link dev.waymark.destination.LookAlikes}, on ICU's
 * UTS #39 confusable skeletons) to the host of a new destination.
 */
package dev.waymark.destination;
