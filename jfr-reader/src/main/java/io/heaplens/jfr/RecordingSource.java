package io.heaplens.jfr;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * The JFR data of a recording file, open for reading: the file itself, or, for a gzip-wrapped
 * recording, its content decompressed into a temporary file that closing deletes. Decompressing
 * to disk keeps memory bounded and lets chunks be read at their offsets.
 */
final class RecordingSource implements AutoCloseable {
  private static final byte[] GZIP_MAGIC = {(byte) 0x1f, (byte) 0x8b};
  private static final byte[] JFR_MAGIC = {'F', 'L', 'R', 0};

  private final FileChannel channel;
  private final long size;
  private final Path temporary;
  private final List<String> warnings;

  private RecordingSource(FileChannel channel, long size, Path temporary, List<String> warnings) {
    this.channel = channel;
    this.size = size;
    this.temporary = temporary;
    this.warnings = warnings;
  }

  /**
   * Opens the recording's JFR data.
   *
   * @param lenient keep what a truncated gzip stream decompressed instead of failing
   * @throws RecordingFormatException the file is empty, or gzip that cannot be decompressed
   */
  static RecordingSource open(Path file, boolean lenient) throws IOException, RecordingFormatException {
    long fileSize = Files.size(file);
    if (fileSize == 0) {
      throw new RecordingFormatException(file + " is empty (0 bytes): the recording was not written; dump it again"
          + " (jcmd <pid> JFR.dump filename=...) and check that the JVM could write the file");
    }
    if (!startsWith(file, GZIP_MAGIC)) {
      FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
      return new RecordingSource(channel, fileSize, null, List.of());
    }
    Path temporary = Files.createTempFile("heaplens-decompressed-", ".jfr");
    try {
      List<String> warnings = new ArrayList<>();
      long size = gunzip(file, temporary, lenient, warnings);
      FileChannel channel = FileChannel.open(temporary, StandardOpenOption.READ);
      return new RecordingSource(channel, size, temporary, warnings);
    } catch (IOException | RecordingFormatException | RuntimeException e) {
      Files.deleteIfExists(temporary);
      throw e;
    }
  }

  /** Whether the file starts with the JFR magic, or is gzip whose content does. */
  static boolean isRecording(Path file) throws IOException {
    if (startsWith(file, JFR_MAGIC)) {
      return true;
    }
    if (!startsWith(file, GZIP_MAGIC)) {
      return false;
    }
    try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
      return matches(in.readNBytes(JFR_MAGIC.length), JFR_MAGIC);
    } catch (ZipException | EOFException e) {
      return false;
    }
  }

  private static long gunzip(Path file, Path into, boolean lenient, List<String> warnings)
      throws IOException, RecordingFormatException {
    long written = 0;
    try (InputStream in = new GZIPInputStream(Files.newInputStream(file), 1 << 16);
        OutputStream out = Files.newOutputStream(into)) {
      byte[] buffer = new byte[1 << 16];
      try {
        for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
          out.write(buffer, 0, n);
          written += n;
        }
      } catch (ZipException | EOFException e) {
        String what = file + " is gzip-compressed, but decompressing it failed after " + written + " bytes ("
            + ChunkLoader.oneLine(e) + ")";
        if (!lenient || written == 0) {
          throw new RecordingFormatException(what + "; the file is truncated or corrupt"
              + (written == 0 ? ": copy it again" : "; rerun with --lenient to analyze the complete chunks before"), e);
        }
        warnings.add("the gzip stream is truncated or corrupt after " + written
            + " decompressed bytes; analyzed the complete chunks before");
      }
    }
    return written;
  }

  private static boolean startsWith(Path file, byte[] magic) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return matches(in.readNBytes(magic.length), magic);
    }
  }

  private static boolean matches(byte[] start, byte[] magic) {
    if (start.length < magic.length) {
      return false;
    }
    for (int i = 0; i < magic.length; i++) {
      if (start[i] != magic[i]) {
        return false;
      }
    }
    return true;
  }

  FileChannel channel() {
    return channel;
  }

  long size() {
    return size;
  }

  /** Whether the data was decompressed from gzip. */
  boolean decompressed() {
    return temporary != null;
  }

  /** What decompressing left out, one line each. */
  List<String> warnings() {
    return warnings;
  }

  @Override
  public void close() throws IOException {
    try {
      channel.close();
    } finally {
      if (temporary != null) {
        Files.deleteIfExists(temporary);
      }
    }
  }
}
