package dev.waymark.config;

import dev.waymark.destination.DestinationHosts;
import dev.waymark.hit.sink.AnalyticsSinkConfig;
import dev.waymark.proxy.FrontProxies;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Every setting of a Waymark process, built once at start from environment variables and flags
 * ({@link ConfigOptions}) and valid by construction.
 */
public record WaymarkConfig(
    Http http, Admin admin, Redis redis, Data data, Cache cache, Hits hits, AnalyticsSinkConfig sink,
    Connections connections, DestinationHosts destinations, Audit audit, FrontProxies proxies,
    Duration shutdownDrain) {


  /**
   * The public redirect listener and the base of the short URLs it serves.
   *
   * @param shortDomains other hosts short URLs are served on ({@code WAYMARK_SHORT_DOMAINS}), each
   *     {@code host} or {@code host:port}, the host in ASCII lower case without a trailing dot
   */
  public record Http(String host, int port, URI publicBaseUrl, List<String> shortDomains) {
    public Http {
      shortDomains = List.copyOf(shortDomains);
    }

    /** Short URLs on {@code publicBaseUrl} only. */
    public Http(String host, int port, URI publicBaseUrl) {
      this(host, port, publicBaseUrl, List.of());
    }
  }

  /** The admin listener; {@code apiKey} is {@code null} when the key is kept hashed in the data dir. */
  public record Admin(String host, int port, String apiKey) {
    @Override
    public String toString() {
      return "Admin[host=" + host + ", port=" + port + ", apiKey=" + (apiKey == null ? "unset" : "***") + "]";
    }
  }

  /** Redis as the link store; {@code url} is {@code null} for the embedded store. */
  public record Redis(URI url) {
    public boolean enabled() {
      return url != null;
    }
  }

  /** Where embedded stores, the generated admin key hash and the hit spool live. */
  public record Data(Path dir) {}

  /**
   * The in-process link cache in front of the store.
   *
   * @param prime how long a start may spend filling the cache from the store before readiness
   *     says yes ({@code WAYMARK_CACHE_PRIME}); zero starts with an empty cache
   */
  public record Cache(long maxLinks, Duration negativeTtl, Duration refreshAfter, Duration prime) {
    /** A cache that starts empty. */
    public Cache(long maxLinks, Duration negativeTtl, Duration refreshAfter) {
      this(maxLinks, negativeTtl, refreshAfter, Duration.ZERO);
    }
  }

  /**
   * The redirect path's side of hit recording; the sink's own settings (batches, retries, spool,
   * ClickHouse) are {@link WaymarkConfig#sink()}, the sink's own record.
   *
   * @param tracking whether hits are recorded at all ({@code WAYMARK_TRACKING}); off, redirects
   *     read nothing of the request beyond its path and query, and no analytics store is opened
   * @param queueCapacity hits held between the redirect path and the sink
   * @param countryHeader the request header a trusted proxy puts the client's country in;
   *     {@code null} = none
   * @param geoIpDb the country database ({@code WAYMARK_GEOIP_DB}) for hits the header gave no
   *     country; {@code null} = none. Open it once ({@code CountryDatabase.open}) for the process
   */
  public record Hits(boolean tracking, int queueCapacity, String countryHeader, Path geoIpDb) {

    /** Without a country database. */
    public Hits(boolean tracking, int queueCapacity, String countryHeader) {
      this(tracking, queueCapacity, countryHeader, null);
    }
  }

  /**
   * How many connections each port holds at most, and how long a connection may sit idle or take
   * to send a request head. The two caps are separate so public traffic can never use up the
   * admin port's share of the process's file descriptors.
   *
   * @param httpMax most open connections on the public port; more are closed at once and counted
   * @param adminMax most open connections on the admin port
   * @param idleTimeout a connection that neither sends nor receives a byte for this long is closed
   * @param headerTimeout a connection that has not sent a complete request head this long after it
   *     opened or after its last response is closed (slow-header clients)
   */
  public record Connections(int httpMax, int adminMax, Duration idleTimeout, Duration headerTimeout) {}

  /** The audit log of admin changes: entries older than {@code retention} are removed ({@code WAYMARK_AUDIT_RETENTION}). */
  public record Audit(Duration retention) {}
}
