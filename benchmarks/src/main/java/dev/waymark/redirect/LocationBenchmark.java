package dev.waymark.redirect;

import dev.waymark.link.Codes;
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

/** The per-request string work of the redirect path: checking the code, building the Location. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class LocationBenchmark {

  String path = "/AbC12x9";
  String destination = "https://example.com/spring?lang=nl";
  String scanQuery = "qr=1";
  String campaignQuery = "utm_content=b&ref=flyer&qr=1";

  @Benchmark
  public boolean codeIsWellFormed() {
    return Codes.isWellFormed(path, 1, path.length());
  }

  @Benchmark
  public CharSequence locationWithoutQuery() {
    return Location.of(destination, null);
  }

  @Benchmark
  public CharSequence locationScanMarkerOnly() {
    return Location.of(destination, scanQuery);
  }

  @Benchmark
  public CharSequence locationCarriedParameters() {
    return Location.of(destination, campaignQuery);
  }
}
