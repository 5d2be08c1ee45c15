package dev.waymark.redis;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Where Waymark's Redis is, from {@code WAYMARK_REDIS_URL}: one server ({@code redis://},
 * {@code rediss://}), a Redis Cluster by its seed nodes ({@code redis-cluster://h:p,h:p}) or a
 * master found through Sentinel ({@code redis-sentinel://h:p,h:p/master-name}). It is the one place
 * that knows the three modes: every store asks it for a {@link Client} and uses the command set the
 * three have in common, so no store branches on the mode.
 *
 * <p>Every key Waymark writes starts with {@link #KEY_PREFIX}, a hash tag, so that each write script
 * (a link with its list indices, a brand with its name index) names keys of one cluster slot.
 */
public final class RedisEndpoint {

  /** The prefix of every key: {@code {waymark}} is the hash tag that puts them in one cluster slot. */
  public static final String KEY_PREFIX = "{waymark}:";
  /** The prefix of the keys of versions before cluster support; see {@code RedisKeyMigration}. */
  public static final String LEGACY_KEY_PREFIX = "waymark:";

  private static final String CLUSTER = "redis-cluster";
  private static final String SENTINEL = "redis-sentinel";
  private static final int DEFAULT_PORT = 6379;
  private static final int DEFAULT_SENTINEL_PORT = 26379;

  /** How the servers are reached. */
  public enum Mode { STANDALONE, CLUSTER, SENTINEL }

  private final Mode mode;
  private final List<RedisURI> uris;
  private final String redacted;

  private RedisEndpoint(Mode mode, List<RedisURI> uris, String redacted) {
    this.mode = mode;
    this.uris = List.copyOf(uris);
    this.redacted = redacted;
  }

  /**
   * Reads a Redis URL in one of the three forms; a malformed one fails with an
   * {@link IllegalArgumentException} whose message says what the right form is.
   */
  public static RedisEndpoint parse(URI url) {
    String scheme = url.getScheme() == null ? "" : url.getScheme();
    return switch (scheme) {
      case "redis", "rediss" -> standalone(url);
      case CLUSTER -> cluster(url);
      case SENTINEL -> sentinel(url);
      default -> throw new IllegalArgumentException("must look like redis://host:port/db,"
          + " redis-cluster://host:port,host:port or redis-sentinel://host:port,host:port/master-name,"
          + " was '" + redact(url.toString()) + "'");
    };
  }

  private static RedisEndpoint standalone(URI url) {
    if (url.getHost() == null) {
      throw new IllegalArgumentException("must look like redis://host:port/db, was '" + redact(url.toString()) + "'");
    }
    String path = url.getPath();
    if (path != null && !path.isEmpty() && !path.matches("/\\d{0,2}")) {
      throw new IllegalArgumentException("database must be a number, as in redis://host:6379/0");
    }
    requireNoQuery(url, "redis://host:port/db");
    return new RedisEndpoint(Mode.STANDALONE, List.of(RedisURI.create(url)), redact(url.toString()));
  }

  private static RedisEndpoint cluster(URI url) {
    String example = "redis-cluster://host:port,host:port (seed nodes)";
    requireNoQuery(url, example);
    String path = url.getRawPath();
    if (path != null && !path.isEmpty() && !path.equals("/")) {
      throw new IllegalArgumentException("a Redis Cluster has only database 0, so " + example
          + " takes no path, was '" + redact(url.toString()) + "'");
    }
    Authority authority = Authority.of(url, example, DEFAULT_PORT);
    List<RedisURI> seeds = new ArrayList<>();
    for (HostPort node : authority.nodes()) {
      RedisURI.Builder seed = RedisURI.Builder.redis(node.host(), node.port());
      authority.credentials(seed);
      seeds.add(seed.build());
    }
    return new RedisEndpoint(Mode.CLUSTER, seeds, redact(url.toString()));
  }

  private static RedisEndpoint sentinel(URI url) {
    String example = "redis-sentinel://host:port,host:port/master-name";
    requireNoQuery(url, example);
    String path = url.getRawPath();
    if (path == null || !path.matches("/[A-Za-z0-9._-]+")) {
      throw new IllegalArgumentException("must name the master after the sentinels, as in " + example
          + ", was '" + redact(url.toString()) + "'");
    }
    Authority authority = Authority.of(url, example, DEFAULT_SENTINEL_PORT);
    List<HostPort> sentinels = authority.nodes();
    RedisURI.Builder builder = RedisURI.Builder.sentinel(sentinels.get(0).host(), sentinels.get(0).port(),
        path.substring(1));
    for (HostPort sentinel : sentinels.subList(1, sentinels.size())) {
      builder.withSentinel(sentinel.host(), sentinel.port());
    }
    // The credentials are the data nodes'; sentinels are asked without (the usual setup).
    authority.credentials(builder);
    return new RedisEndpoint(Mode.SENTINEL, List.of(builder.build()), redact(url.toString()));
  }

  private static void requireNoQuery(URI url, String example) {
    if (url.getRawQuery() != null || url.getRawFragment() != null) {
      throw new IllegalArgumentException("must look like " + example + " without a query or fragment, was '"
          + redact(url.toString()) + "'");
    }
  }

  public Mode mode() {
    return mode;
  }

  /** The URL without its password, for logs and messages. */
  @Override
  public String toString() {
    return redacted;
  }

  /**
   * A client for this endpoint on {@code resources} (or its own, when null), with Waymark's failure behaviour: commands
   * time out after {@code commandTimeout}, are rejected at once while disconnected (callers serve
   * from cache or answer 503, never wait), and a write that timed out is never replayed after a
   * reconnect behind its caller's back. A cluster client also follows failovers: it re-reads the
   * topology when a node stops answering or redirects, and every two seconds.
   */
  public Client client(ClientResources resources, Duration commandTimeout, Duration connectTimeout) {
    // Without resources of the caller's, the client makes its own and shuts them down with itself.
    SocketOptions socket = SocketOptions.builder().connectTimeout(connectTimeout).keepAlive(true).build();
    TimeoutOptions timeouts = TimeoutOptions.enabled(commandTimeout);
    if (mode == Mode.CLUSTER) {
      RedisClusterClient client = resources == null
          ? RedisClusterClient.create(uris) : RedisClusterClient.create(resources, uris);
      ClusterClientOptions.Builder options = ClusterClientOptions.builder()
          .topologyRefreshOptions(ClusterTopologyRefreshOptions.builder()
              .enablePeriodicRefresh(Duration.ofSeconds(2))
              .enableAllAdaptiveRefreshTriggers()
              .adaptiveRefreshTriggersTimeout(Duration.ofMillis(500))
              .refreshTriggersReconnectAttempts(2)
              .build())
          .autoReconnect(true)
          // Not REJECT_COMMANDS: a cluster connects to each master lazily, on the first command
          // for its slots (again after a failover), and rejecting would fail exactly that command.
          // The command timeout still bounds every wait to about a second.
          .timeoutOptions(timeouts)
          .socketOptions(socket);
      options.replayFilter(command -> true); // returns the plain builder, so not in the chain
      client.setOptions(options.build());
      return new Client(client, null);
    }
    RedisURI uri = uris.get(0);
    uri.setTimeout(commandTimeout);
    RedisClient client = resources == null ? RedisClient.create(uri) : RedisClient.create(resources, uri);
    client.setOptions(ClientOptions.builder()
        .autoReconnect(true)
        .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
        .replayFilter(command -> true)
        .timeoutOptions(timeouts)
        .socketOptions(socket)
        .build());
    return new Client(client, uri);
  }

  /** One Lettuce client of an endpoint; {@link RedisSession}s and pub/sub connections come from it. */
  public static final class Client {

    private final AbstractRedisClient client;
    private final RedisURI uri; // null for a cluster, whose client knows its seeds

    private Client(AbstractRedisClient client, RedisURI uri) {
      this.client = client;
      this.uri = uri;
    }

    /** Connects a session; its commands route by key slot in a cluster, go to the master otherwise. */
    public <K, V> CompletableFuture<RedisSession<K, V>> connect(RedisCodec<K, V> codec) {
      if (client instanceof RedisClusterClient cluster) {
        // The asynchronous connect needs the topology loaded first (the blocking one loads it itself).
        return cluster.refreshPartitionsAsync().toCompletableFuture()
            .thenCompose(loaded -> cluster.connectAsync(codec)).thenApply(RedisSession::of);
      }
      return ((RedisClient) client).connectAsync(codec, uri).thenApply(RedisSession::of).toCompletableFuture();
    }

    /**
     * A pub/sub connection. In a cluster it subscribes on one node, which hears every PUBLISH of the
     * cluster, and reconnects to another node of the topology when that one goes; through Sentinel
     * it follows the master. Either way Lettuce subscribes again after reconnecting.
     */
    public <K, V> CompletableFuture<StatefulRedisPubSubConnection<K, V>> connectPubSub(RedisCodec<K, V> codec) {
      if (client instanceof RedisClusterClient cluster) {
        return cluster.refreshPartitionsAsync().toCompletableFuture()
            .thenCompose(loaded -> cluster.connectPubSubAsync(codec)).thenApply(c -> c);
      }
      return ((RedisClient) client).connectPubSubAsync(codec, uri).toCompletableFuture();
    }

    /** Shuts the client down (not the resources it was given). */
    public CompletableFuture<Void> shutdown() {
      return client.shutdownAsync(0, 1, TimeUnit.SECONDS);
    }

    /** Shuts the client down and waits, for callers off any event loop. */
    public void shutdownNow() {
      client.shutdown(Duration.ZERO, Duration.ofSeconds(1));
    }
  }

  private record HostPort(String host, int port) {}

  /** The part between {@code scheme://} and the path: optional credentials, then comma-separated nodes. */
  private record Authority(String user, String password, List<HostPort> nodes) {

    static Authority of(URI url, String example, int defaultPort) {
      String raw = url.getRawAuthority();
      if (raw == null || raw.isEmpty()) {
        throw new IllegalArgumentException("must look like " + example + ", was '" + redact(url.toString()) + "'");
      }
      String user = null;
      String password = null;
      int at = raw.lastIndexOf('@');
      if (at >= 0) {
        String info = decode(raw.substring(0, at));
        int colon = info.indexOf(':');
        user = colon < 0 ? null : info.substring(0, colon);
        password = colon < 0 ? info : info.substring(colon + 1);
        raw = raw.substring(at + 1);
      }
      List<HostPort> nodes = new ArrayList<>();
      for (String node : raw.split(",", -1)) {
        nodes.add(hostPort(node, url, example, defaultPort));
      }
      return new Authority(user == null || user.isEmpty() ? null : user, password, nodes);
    }

    void credentials(RedisURI.Builder builder) {
      if (password != null && user != null) {
        builder.withAuthentication(user, password);
      } else if (password != null) {
        builder.withPassword(password.toCharArray());
      }
    }

    private static HostPort hostPort(String node, URI url, String example, int defaultPort) {
      String host = node;
      int port = defaultPort;
      int colon = node.lastIndexOf(':');
      if (colon >= 0 && !node.endsWith("]")) {
        host = node.substring(0, colon);
        try {
          port = Integer.parseInt(node.substring(colon + 1));
        } catch (NumberFormatException e) {
          port = -1;
        }
      }
      if (host.startsWith("[") && host.endsWith("]")) {
        host = host.substring(1, host.length() - 1);
      }
      if (host.isEmpty() || !host.matches("[A-Za-z0-9.:_-]+") || port < 1 || port > 65535) {
        throw new IllegalArgumentException("must look like " + example + "; '" + node
            + "' is not a host:port, in '" + redact(url.toString()) + "'");
      }
      return new HostPort(host, port);
    }

    private static String decode(String text) {
      return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
    }
  }

  /** The URL text without the password between {@code //} and {@code @}. */
  static String redact(String url) {
    int start = url.indexOf("//");
    int at = url.lastIndexOf('@');
    if (start < 0 || at < start) {
      return url;
    }
    return url.substring(0, start + 2) + "***" + url.substring(at);
  }
}
