package dev.waymark.printrun;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the line of the first byte sequence in a file that is not UTF-8, for an error message that points at it. */
final class Utf8 {

  private Utf8() {}

  /** The 1-based line of the first invalid sequence, or -1 when the whole file is valid UTF-8. */
  static long firstInvalidLine(Path file) {
    CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.allocate(1 << 16);
    CharBuffer out = CharBuffer.allocate(1 << 16);
    long line = 1;
    try (InputStream stream = Files.newInputStream(file)) {
      while (true) {
        int n = stream.read(in.array(), in.position(), in.remaining());
        boolean end = n < 0;
        if (n > 0) {
          in.position(in.position() + n);
        }
        in.flip();
        int from = in.position();
        CoderResult result = decoder.decode(in, out, end);
        for (int i = from; i < in.position(); i++) {
          if (in.get(i) == '\n') { // a '\n' byte is always a line feed in UTF-8, never part of a character
            line++;
          }
        }
        if (result.isError()) {
          return line;
        }
        out.clear();
        in.compact();
        if (end) {
          return -1;
        }
      }
    } catch (IOException e) {
      return -1;
    }
  }
}
