package dev.waymark.geo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Against the ip-location-db country database ({@code scripts/services.sh geoip}, pinned), whose
 * answers for these addresses are the registries' own: Google's resolvers are ARIN's, in the US;
 * the RIPE NCC's own servers are in Amsterdam.
 */
class CountryDatabaseIT {

  static CountryDatabase db;

  @BeforeAll
  static void open() throws IOException {
    db = CountryDatabase.open(TestGeoIp.database());
  }

  @AfterAll
  static void close() throws IOException {
    if (db != null) {
      db.close();
    }
  }

  @ParameterizedTest
  @CsvSource({"8.8.8.8, US", "2001:4860:4860::8888, US", "::ffff:8.8.8.8, US", "193.0.6.139, NL",
      "2001:67c:2e8:22::c100:68b, NL"})
  void country_wellKnownAddress_itsRegistrysCountry(String ip, String country) {
    assertThat(db.country(ip)).isEqualTo(country);
  }

  /** 192.168.1.1 and 2001:db8::1 have a country in this database: the lookup never asks it. */
  @ParameterizedTest
  @ValueSource(strings = {"10.0.0.1", "127.0.0.1", "192.168.1.1", "::1", "fe80::1", "2001:db8::1", "0.0.0.0"})
  void country_privateLoopbackOrDocumentation_empty(String ip) {
    assertThat(db.country(ip)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "garbage", "localhost", "8.8.8.256", "8.8.8.8:443", "[2001:4860:4860::8888]", "\u0000"})
  void country_notAnAddress_emptyWithoutThrowing(String ip) {
    assertThat(db.country(ip)).isEmpty();
  }

  @Test
  void country_null_empty() {
    assertThat(db.country(null)).isEmpty();
  }

  @Test
  void check_theRealDatabase_passes_andNamesItsKind() throws IOException {
    CountryDatabase.check(TestGeoIp.database());
    assertThat(db.databaseType()).isNotBlank();
  }

  @Test
  void open_fileThatIsNoMaxMindDatabase_throws(@TempDir Path dir) throws IOException {
    Path notADatabase = Files.writeString(dir.resolve("countries.mmdb"), "id,country\n1,NL\n");
    assertThatThrownBy(() -> CountryDatabase.open(notADatabase)).isInstanceOf(IOException.class);
    assertThatThrownBy(() -> CountryDatabase.check(notADatabase)).isInstanceOf(IOException.class)
        .hasMessageContaining("is not a MaxMind DB");
    assertThatThrownBy(() -> CountryDatabase.open(dir.resolve("missing.mmdb"))).isInstanceOf(IOException.class)
        .hasMessageContaining("missing.mmdb");
  }
}
