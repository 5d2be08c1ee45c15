package dev.waymark.bench;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The short codes a benchmark uses: the same N codes for every N, so the seeder and the load
 * generator agree without passing files around, and a codes file for anything else.
 */
public final class BenchCodes {

  private static final String BASE62 =
      "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
  private static final BigInteger SPACE = BigInteger.valueOf(62).pow(7);
  // Coprime with 62^7 (a prime), so i -> i * STEP mod 62^7 is a bijection: codes are unique,
  // look random as generated ones do, and do not share prefixes the way a counter's would.
  private static final BigInteger STEP = BigInteger.valueOf(2_147_483_647L);

  private BenchCodes() {}

  /** Prints the benchmark codes with the given indexes, one a line (for scripts). */
  public static void main(String[] args) {
    for (String index : args) {
      System.out.println(code(Long.parseLong(index)));
    }
  }

  /** The i-th benchmark code: 7 base62 characters, like a generated Waymark code. */
  public static String code(long i) {
    long n = BigInteger.valueOf(i).multiply(STEP).mod(SPACE).longValue();
    char[] out = new char[7];
    for (int k = 6; k >= 0; k--) {
      out[k] = BASE62.charAt((int) (n % 62));
      n /= 62;
    }
    return new String(out);
  }

  /** The first {@code count} benchmark codes. */
  public static List<String> generate(int count) {
    List<String> codes = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      codes.add(code(i));
    }
    return codes;
  }

  /** Codes from a file, one per line; blank lines and {@code #} comments are skipped. */
  public static List<String> read(Path file) throws IOException {
    List<String> codes = new ArrayList<>();
    for (String line : Files.readAllLines(file)) {
      String code = line.strip();
      if (!code.isEmpty() && !code.startsWith("#")) {
        codes.add(code);
      }
    }
    if (codes.isEmpty()) {
      throw new IllegalArgumentException("no codes in " + file);
    }
    return codes;
  }

}
