package dev.waymark;

import static dev.waymark.RedisProcess.cli;
import static dev.waymark.WaymarkJarIT.KEY;
import static dev.waymark.WaymarkJarIT.createLink;
import static dev.waymark.WaymarkJarIT.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The master holding Waymark's slot dies while the jar redirects from a Redis Cluster: cached
 * codes keep redirecting throughout, and writes come back once the cluster has promoted that
 * master's replica. A cluster of its own (three masters, three replicas on free ports), since
 * killing a master of the shared one would disturb every other test. Every key is
 * {@code {waymark}:}-tagged, so one master holds them all and only killing that one is a failover
 * the jar has to ride out.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ClusterFailoverJarIT {

  private static final List<String> CODES = List.of("spring", "summer", "autumn", "winter", "sale");

  @TempDir
  Path tmp;

  private final List<Process> processes = new ArrayList<>();

  @AfterEach
  void stopAll() throws InterruptedException {
    RedisProcess.stopAll(processes);
  }

  @Test
  void slotMasterKilledUnderLoad_cachedCodesKeepRedirecting_writesComeBackAfterFailover() throws Exception {
    Map<Integer, Process> nodes = new HashMap<>();
    for (int i = 0; i < 6; i++) {
      int port = clusterPort();
      nodes.put(port, node(port));
    }
    List<Integer> ports = List.copyOf(nodes.keySet());
    await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).until(() ->
        ports.stream().allMatch(p -> ping(p)));
    List<String> create = new ArrayList<>(List.of("redis-cli", "--cluster", "create"));
    ports.forEach(p -> create.add("127.0.0.1:" + p));
    create.addAll(List.of("--cluster-replicas", "1", "--cluster-yes"));
    Process creating = new ProcessBuilder(create).redirectErrorStream(true)
        .redirectOutput(tmp.resolve("create.log").toFile()).start();
    assertThat(creating.waitFor(30, TimeUnit.SECONDS)).as("redis-cli --cluster create finished").isTrue();
    assertThat(creating.exitValue()).as("redis-cli --cluster create: " + Files.readString(tmp.resolve("create.log")))
        .isZero();
    // A replica that has not synced yet is not promoted: wait for every link, not only cluster_state.
    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> {
      for (int p : ports) {
        String info = cli(p, "CLUSTER", "INFO");
        if (!info.contains("cluster_state:ok") || !info.contains("cluster_known_nodes:6")) {
          return false;
        }
        String replication = cli(p, "INFO", "replication");
        if (replication.contains("role:slave") && !replication.contains("master_link_status:up")) {
          return false;
        }
      }
      return true;
    });

    String url = "redis-cluster://" + ports.stream().limit(3).map(p -> "127.0.0.1:" + p)
        .collect(Collectors.joining(","));
    try (WaymarkProcess w = WaymarkProcess.start(tmp.resolve("data"), Map.of("WAYMARK_ADMIN_API_KEY", KEY,
        "WAYMARK_REDIS_URL", url, "WAYMARK_TRACKING", "off")).awaitReady()) {
      for (String code : CODES) {
        assertThat(createLink(w, KEY, "{\"slug\":\"" + code + "\",\"url\":\"https://shop.example/" + code + "\"}")
            .statusCode()).isEqualTo(201);
        assertThat(send(HttpRequest.newBuilder(w.pub("/" + code))).statusCode()).isEqualTo(302);
      }

      int slot = Integer.parseInt(cli(ports.get(0), "CLUSTER", "KEYSLOT", "{waymark}").strip());
      List<String[]> topology = clusterNodes(ports.get(0));
      String[] master = topology.stream().filter(n -> n[2].contains("master") && holds(n, slot)).findFirst()
          .orElseThrow();
      int masterPort = port(master);
      int replicaPort = port(topology.stream().filter(n -> n[3].equals(master[0])).findFirst().orElseThrow());
      assertThat(cli(masterPort, "DBSIZE").strip()).as("the links live on the slot's master").isNotEqualTo("0");
      // Replication is asynchronous: a link the replica has not seen would be gone after the failover.
      await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).until(() ->
          replOffset(replicaPort, "slave_repl_offset") >= replOffset(masterPort, "master_repl_offset"));

      try (RedirectLoad load = RedirectLoad.start(w, CODES)) {
        await().atMost(Duration.ofSeconds(5)).until(() -> load.redirected() > 50);

        nodes.get(masterPort).destroyForcibly();
        nodes.get(masterPort).waitFor(5, TimeUnit.SECONDS);
        int beforeFailover = load.redirected();
        // Writes fail until the other masters agree the slot's master is gone (node timeout) and
        // its replica wins the election; the jar's cluster client then finds the new topology.
        AtomicInteger attempt = new AtomicInteger();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).until(() ->
            createLink(w, KEY, "{\"slug\":\"after" + attempt.incrementAndGet()
                + "\",\"url\":\"https://shop.example/after\"}").statusCode() == 201);
        assertThat(cli(replicaPort, "INFO", "replication")).as("the slot's replica was promoted")
            .contains("role:master");
        String created = "after" + attempt.get();
        assertThat(send(HttpRequest.newBuilder(w.pub("/" + created))).statusCode())
            .as("a code created after the failover is read from the new master").isEqualTo(302);

        load.close();
        assertThat(load.failures()).as("answers other than 302 for the cached codes").isEmpty();
        assertThat(load.redirected()).as("redirects went on during the failover").isGreaterThan(beforeFailover + 50);
      }
      assertThat(w.terminate(Duration.ofSeconds(15))).isZero();
    }
  }

  private Process node(int port) throws IOException {
    Path dir = Files.createDirectories(tmp.resolve("node-" + port));
    Process p = new ProcessBuilder("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1",
        "--save", "", "--appendonly", "no", "--dir", dir.toString(), "--cluster-enabled", "yes",
        "--cluster-config-file", dir.resolve("nodes.conf").toString(), "--cluster-node-timeout", "1000",
        "--cluster-require-full-coverage", "no")
        .redirectErrorStream(true).redirectOutput(dir.resolve("redis.log").toFile()).start();
    processes.add(p);
    return p;
  }

  /** A free port whose cluster bus port (+10000) is free too. */
  private static int clusterPort() throws IOException {
    for (int i = 0; i < 100; i++) {
      int port = WaymarkProcess.freePort();
      if (port + 10000 > 65535) {
        continue;
      }
      try (ServerSocket bus = new ServerSocket(port + 10000, 1, InetAddress.getLoopbackAddress())) {
        return port;
      } catch (IOException taken) {
        // try another
      }
    }
    throw new IllegalStateException("no free port with a free bus port");
  }

  private static boolean ping(int port) {
    try {
      return cli(port, "PING").strip().equals("PONG");
    } catch (Exception e) {
      return false;
    }
  }

  /** CLUSTER NODES, one array a node: id, address, flags, master id, ..., slot ranges from index 8. */
  private static List<String[]> clusterNodes(int port) throws Exception {
    return cli(port, "CLUSTER", "NODES").lines().filter(l -> !l.isBlank()).map(l -> l.strip().split(" ")).toList();
  }

  private static boolean holds(String[] node, int slot) {
    for (int i = 8; i < node.length; i++) {
      String[] range = node[i].split("-");
      if (range[0].startsWith("[")) {
        continue; // a slot being migrated
      }
      int from = Integer.parseInt(range[0]);
      int to = range.length > 1 ? Integer.parseInt(range[1]) : from;
      if (from <= slot && slot <= to) {
        return true;
      }
    }
    return false;
  }

  /** The port of a CLUSTER NODES address {@code ip:port@bus}. */
  private static int port(String[] node) {
    String address = node[1];
    return Integer.parseInt(address.substring(address.lastIndexOf(':') + 1, address.indexOf('@')));
  }

  private static long replOffset(int port, String field) throws Exception {
    return cli(port, "INFO", "replication").lines().filter(l -> l.startsWith(field + ":"))
        .mapToLong(l -> Long.parseLong(l.substring(field.length() + 1).strip())).findFirst().orElseThrow();
  }
}
