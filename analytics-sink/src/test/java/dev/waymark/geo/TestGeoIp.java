package dev.waymark.geo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

/** The country database the tests read: {@code WAYMARK_TEST_GEOIP_DB}, which scripts/test.sh sets. */
public final class TestGeoIp {

  private TestGeoIp() {}

  /** Its path; fails the test, saying how to get one, when it is not there (never skips). */
  public static Path database() {
    String path = System.getenv("WAYMARK_TEST_GEOIP_DB");
    assertThat(path).as("WAYMARK_TEST_GEOIP_DB is not set: run the tests through scripts/test.sh, or set it"
        + " to the path that `scripts/services.sh geoip` prints (it needs npm once)").isNotBlank();
    assertThat(Files.isRegularFile(Path.of(path))).as("WAYMARK_TEST_GEOIP_DB=%s: no such file", path).isTrue();
    return Path.of(path);
  }
}
