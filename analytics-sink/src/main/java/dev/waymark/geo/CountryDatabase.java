package dev.waymark.geo;

import com.maxmind.db.CHMCache;
import com.maxmind.db.MaxMindDbConstructor;
import com.maxmind.db.MaxMindDbParameter;
import com.maxmind.db.Reader;
import java.io.Closeable;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * The country of an IP address from a MaxMind-format database ({@code .mmdb}) read whole into
 * memory when opened: a lookup never touches the disk, never resolves a name and never throws,
 * so it may run on an event loop. Reads {@code country.iso_code}, then
 * {@code registered_country.iso_code} (GeoLite2, DB-IP Lite), or {@code country_code}
 * (ip-location-db). Thread-safe; open one per process and share it.
 */
public final class CountryDatabase implements Closeable {

  /** Where the MaxMind DB format puts its metadata: after this marker, in the last 128 KiB. */
  private static final byte[] METADATA_MARKER = {(byte) 0xAB, (byte) 0xCD, (byte) 0xEF,
      'M', 'a', 'x', 'M', 'i', 'n', 'd', '.', 'c', 'o', 'm'};
  private static final int METADATA_MAX_BYTES = 128 * 1024;

  private final Reader reader;

  private CountryDatabase(Reader reader) {
    this.reader = reader;
  }

  /**
   * Reads {@code mmdb} into memory (seconds for a city database, well under one for a country
   * one: call it at start-up). Throws {@link IOException} when the file is missing, unreadable or
   * not a MaxMind DB.
   */
  public static CountryDatabase open(Path mmdb) throws IOException {
    if (!Files.isRegularFile(mmdb)) {
      throw new IOException("no such file: " + mmdb);
    }
    // The decoded records of a country database are a few hundred: all of them fit the cache, so
    // a lookup after the first few thousand walks the tree and allocates nothing but the address.
    return new CountryDatabase(new Reader(mmdb.toFile(), Reader.FileMode.MEMORY, new CHMCache()));
  }

  /**
   * Checks, without reading it whole, that {@code mmdb} is a readable MaxMind DB: the format's
   * metadata marker sits in its last 128 KiB. Throws {@link IOException} saying what is wrong.
   */
  public static void check(Path mmdb) throws IOException {
    if (!Files.isRegularFile(mmdb)) {
      throw new IOException("no such file: " + mmdb);
    }
    try (FileChannel ch = FileChannel.open(mmdb, StandardOpenOption.READ)) {
      long size = ch.size();
      ByteBuffer tail = ByteBuffer.allocate((int) Math.min(size, METADATA_MAX_BYTES));
      while (tail.hasRemaining() && ch.read(tail, size - tail.capacity() + tail.position()) > 0) {
        // reads the tail whole
      }
      byte[] bytes = tail.array();
      for (int i = bytes.length - METADATA_MARKER.length; i >= 0; i--) {
        if (Arrays.equals(bytes, i, i + METADATA_MARKER.length, METADATA_MARKER, 0, METADATA_MARKER.length)) {
          return;
        }
      }
    }
    throw new IOException(mmdb + " is not a MaxMind DB (.mmdb) file");
  }

  /** The database's own name for its kind, e.g. {@code GeoLite2-Country}. */
  public String databaseType() {
    return reader.getMetadata().getDatabaseType();
  }

  /**
   * ISO 3166-1 alpha-2 country of {@code ip} (an IPv4 or IPv6 literal) in upper case, or
   * {@code ""} when the address is not a literal, is no one's on the internet (private, loopback,
   * documentation...; whatever the database says of it) or has no country there.
   */
  public String country(String ip) {
    byte[] address = IpLiteral.parse(ip);
    if (address == null || !IpLiteral.isGlobal(address)) {
      return "";
    }
    try {
      // getByAddress never asks a resolver: the address is already bytes.
      Place place = reader.get(InetAddress.getByAddress(address), Place.class);
      return place == null ? "" : place.country();
    } catch (UnknownHostException e) {
      return ""; // not thrown for 4 or 16 bytes
    } catch (IOException | RuntimeException e) {
      return ""; // a damaged database answers nothing rather than failing the hit
    }
  }

  @Override
  public void close() throws IOException {
    reader.close();
  }

  /** What a lookup decodes: only the fields that can hold a country, whatever else is there. */
  public static final class Place {
    private final String country;

    @MaxMindDbConstructor
    public Place(@MaxMindDbParameter(name = "country") Country country,
        @MaxMindDbParameter(name = "registered_country") Country registered,
        @MaxMindDbParameter(name = "country_code") String countryCode) {
      String code = country != null ? country.isoCode : null;
      if (code == null && registered != null) {
        code = registered.isoCode;
      }
      this.country = isoCode(code != null ? code : countryCode);
    }

    String country() {
      return country;
    }

    private static String isoCode(String code) {
      if (code == null || code.length() != 2) {
        return "";
      }
      char a = Character.toUpperCase(code.charAt(0));
      char b = Character.toUpperCase(code.charAt(1));
      return a >= 'A' && a <= 'Z' && b >= 'A' && b <= 'Z' ? new String(new char[] {a, b}) : "";
    }
  }

  /** The {@code country} and {@code registered_country} maps of GeoLite2 and DB-IP. */
  public static final class Country {
    private final String isoCode;

    @MaxMindDbConstructor
    public Country(@MaxMindDbParameter(name = "iso_code") String isoCode) {
      this.isoCode = isoCode;
    }
  }
}
