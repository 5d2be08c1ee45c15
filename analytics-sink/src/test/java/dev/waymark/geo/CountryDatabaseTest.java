package dev.waymark.geo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The GeoLite2 layout, on MaxMind's own test database (answers from its source JSON). */
class CountryDatabaseTest {

  static CountryDatabase db;

  @BeforeAll
  static void open() throws IOException, URISyntaxException {
    Path mmdb = Path.of(CountryDatabaseTest.class.getResource("GeoLite2-Country-Test.mmdb").toURI());
    CountryDatabase.check(mmdb);
    db = CountryDatabase.open(mmdb);
  }

  @AfterAll
  static void close() throws IOException {
    db.close();
  }

  /** 81.2.69.142 is registered in the US and located in GB: the location wins. */
  @ParameterizedTest
  @CsvSource({"81.2.69.142, GB", "2.125.160.217, GB", "89.160.20.113, SE", "216.160.83.57, US",
      "67.43.156.1, BT", "2001:218::1, JP", "::ffff:81.2.69.142, GB"})
  void country_geoLite2Layout_countryIsoCode(String ip, String country) {
    assertThat(db.country(ip)).isEqualTo(country);
  }

  @Test
  void country_inTheDatabaseWithoutACountry_orNotInIt_empty() {
    assertThat(db.country("2a02:d500::1")).as("listed with no country").isEmpty();
    assertThat(db.country("1.1.1.1")).as("not listed").isEmpty();
  }

  @Test
  void place_registeredCountryWhenNoCountry_countryCodeLast_anythingButTwoLettersEmpty() {
    CountryDatabase.Country fr = new CountryDatabase.Country("FR");
    assertThat(new CountryDatabase.Place(null, fr, "DE").country()).isEqualTo("FR");
    assertThat(new CountryDatabase.Place(new CountryDatabase.Country(null), fr, null).country()).isEqualTo("FR");
    assertThat(new CountryDatabase.Place(null, null, "de").country()).isEqualTo("DE");
    assertThat(new CountryDatabase.Place(null, null, null).country()).isEmpty();
    assertThat(new CountryDatabase.Place(new CountryDatabase.Country("EU1"), null, null).country()).isEmpty();
    assertThat(new CountryDatabase.Place(new CountryDatabase.Country("é1"), null, null).country()).isEmpty();
  }
}
