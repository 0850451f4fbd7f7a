package io.heaplens.batch;

import io.heaplens.hprof.HprofReader;
import io.heaplens.jfr.RecordingReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What a file holds, told by its content and never by its name: a heap dump (HPROF, plain or
 * gzip), a flight recording (plain or gzip), or neither. The readers' own checks decide, so that a
 * file accepted here is one {@code analyze} accepts too.
 */
public enum ContentKind {
  HEAP_DUMP,
  RECORDING,
  NOT_ANALYZABLE;

  /** How many leading bytes {@link #detect} needs: enough to decompress a gzip header and magic. */
  public static final int SNIFF_BYTES = 64 * 1024;

  /**
   * What a file (or a copy of its first {@link #SNIFF_BYTES} bytes) holds.
   *
   * @param fullSize the size of the whole object, which may be larger than {@code head}
   * @throws IOException the file cannot be read
   */
  public static Detected detect(Path head, long fullSize) throws IOException {
    if (fullSize == 0) {
      return new Detected(NOT_ANALYZABLE, "empty (0 bytes)");
    }
    if (HprofReader.isHeapDump(head)) {
      return new Detected(HEAP_DUMP, null);
    }
    if (RecordingReader.isRecording(head)) {
      return new Detected(RECORDING, null);
    }
    return new Detected(NOT_ANALYZABLE, "neither a heap dump nor a flight recording (starts with "
        + describeStart(head) + ")");
  }

  /** The first bytes as printable text or hex, for the reason a file is skipped. */
  private static String describeStart(Path file) throws IOException {
    byte[] start;
    try (InputStream in = Files.newInputStream(file)) {
      start = in.readNBytes(8);
    }
    StringBuilder text = new StringBuilder();
    boolean printable = true;
    for (byte b : start) {
      printable &= b >= 0x20 && b < 0x7f;
    }
    if (printable) {
      text.append('"').append(new String(start, java.nio.charset.StandardCharsets.US_ASCII)).append('"');
    } else {
      text.append("0x");
      for (byte b : start) {
        text.append(String.format("%02x", b & 0xff));
      }
    }
    return text.toString();
  }

  /**
   * The outcome of {@link #detect}.
   *
   * @param kind what the file holds
   * @param reason why it is not analyzable, or null when it is
   */
  public record Detected(ContentKind kind, String reason) {}
}
