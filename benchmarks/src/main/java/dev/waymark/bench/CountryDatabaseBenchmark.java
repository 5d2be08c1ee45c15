package dev.waymark.bench;

import dev.waymark.geo.CountryDatabase;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What a country lookup costs the thread that makes it (the sink thread, or an event loop when the
 * redirect path decides by country): {@value #ADDRESSES} addresses spread over the whole IPv4 or
 * IPv6 unicast space, so the tree walks vary and no branch predictor learns one path; and a text
 * that is no address, refused before the database. The database is {@code WAYMARK_GEOIP_DB}
 * ({@code scripts/services.sh geoip} fetches one), the figure is per lookup, beside the JDK's
 * parse of the same literals as the baseline.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgs = "-Xmx1g")
public class CountryDatabaseBenchmark {

  static final int ADDRESSES = 1024;

  private CountryDatabase db;
  private final String[] v4 = new String[ADDRESSES];
  private final String[] v6 = new String[ADDRESSES];

  @Setup(Level.Trial)
  public void open() throws IOException {
    String path = System.getenv("WAYMARK_GEOIP_DB");
    if (path == null || path.isBlank()) {
      throw new IllegalStateException("set WAYMARK_GEOIP_DB to a .mmdb (scripts/services.sh geoip prints one)");
    }
    db = CountryDatabase.open(Path.of(path));
    SplittableRandom random = new SplittableRandom(42);
    for (int i = 0; i < ADDRESSES; i++) {
      // 1.0.0.0 to 223.255.255.255: unicast, mostly allocated.
      v4[i] = (1 + random.nextInt(223)) + "." + random.nextInt(256) + "." + random.nextInt(256) + "." + random.nextInt(256);
      // Within 2400::/6, where the registries have handed out most of what is routed.
      v6[i] = Integer.toHexString(0x2400 + random.nextInt(0x400)) + ":" + Integer.toHexString(random.nextInt(0x10000))
          + "::" + Integer.toHexString(random.nextInt(0x10000));
    }
  }

  @TearDown(Level.Trial)
  public void close() throws IOException {
    db.close();
  }

  @Benchmark
  @OperationsPerInvocation(ADDRESSES)
  public int ipv4() {
    int found = 0;
    for (String ip : v4) {
      found += db.country(ip).length();
    }
    return found;
  }

  @Benchmark
  @OperationsPerInvocation(ADDRESSES)
  public int ipv6() {
    int found = 0;
    for (String ip : v6) {
      found += db.country(ip).length();
    }
    return found;
  }

  /**
   * The baseline of the same run: the JDK's own parse of the same IPv4 literals (no lookup), the
   * least any code that takes an address from text pays.
   */
  @Benchmark
  @OperationsPerInvocation(ADDRESSES)
  public int baselineJdkParseIpv4() throws UnknownHostException {
    int bytes = 0;
    for (String ip : v4) {
      bytes += InetAddress.getByName(ip).getAddress().length;
    }
    return bytes;
  }

  @Benchmark
  public String notAnAddress() {
    return db.country("unknown, 10.0.0.1");
  }
}
