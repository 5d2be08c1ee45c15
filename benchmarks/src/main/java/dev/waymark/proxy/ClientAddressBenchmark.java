package dev.waymark.proxy;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What finding the client behind trusted proxies adds to a redirect on the event loop (nothing is
 * added while {@code WAYMARK_TRUSTED_PROXIES} is unset): the peer's trust check, and the walk of a
 * typical chain.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ClientAddressBenchmark {

  TrustedProxies proxies = TrustedProxies.parse("10.0.0.0/8,172.16.0.0/12,192.168.0.0/16,2001:db8::/32");
  String peer = "10.0.3.7";
  String xForwardedFor = "203.0.113.9, 10.0.1.2";
  String forwarded = "for=203.0.113.9;proto=https, for=10.0.1.2";

  @Benchmark
  public boolean untrustedPeer() {
    return proxies.trusts("203.0.113.50");
  }

  @Benchmark
  public String clientFromXForwardedFor() {
    return proxies.client(peer, xForwardedFor, ForwardedHeader.X_FORWARDED_FOR);
  }

  @Benchmark
  public String clientFromForwarded() {
    return proxies.client(peer, forwarded, ForwardedHeader.FORWARDED);
  }
}
