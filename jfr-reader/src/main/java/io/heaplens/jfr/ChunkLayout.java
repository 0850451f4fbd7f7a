package io.heaplens.jfr;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Where the chunks of a recording are. A recording file is a sequence of chunks, each starting
 * with a header: the magic {@code FLR\0}, the format's major and minor version (u2 each), and the
 * chunk's size in bytes including the header (i8, big-endian, at offset 8), followed by the
 * offsets of its constant pools and metadata, its start time, duration and tick rate. Every
 * chunk carries its own constant pools and metadata, so each parses on its own.
 *
 * <p>Sizes are checked against the file before anything is read, so a hostile or garbled header
 * can neither make the reader allocate what the file does not hold nor loop.
 *
 * @param chunks the complete chunks to read, in file order
 * @param warnings what was left out, one line each (only in lenient mode, and repeated chunks)
 * @param unread the lines of {@code warnings} about data lost (a damaged chunk and what follows it),
 *     not the repeated chunks that were read once
 */
record ChunkLayout(List<ChunkSpan> chunks, List<String> warnings, List<String> unread) {
  /** magic, versions, size, constant pool and metadata offsets, start, duration, ticks, rate, features */
  static final int HEADER_BYTES = 4 + 2 + 2 + 7 * 8 + 4;
  /** JMC reads a chunk into one byte array. */
  static final long MAX_CHUNK_BYTES = Integer.MAX_VALUE - 8;
  private static final byte[] MAGIC = {'F', 'L', 'R', 0};
  private static final int START_NANOS_OFFSET = 32;

  ChunkLayout {
    chunks = List.copyOf(chunks);
    warnings = List.copyOf(warnings);
    unread = List.copyOf(unread);
  }

  /**
   * Finds the chunks of a file of JFR data.
   *
   * @param name how messages name the file
   * @throws RecordingFormatException the file is not JFR data, or a chunk is truncated or corrupt
   *     and {@code lenient} is off (or no chunk before it is complete)
   */
  static ChunkLayout scan(FileChannel channel, long fileSize, String name, boolean lenient)
      throws IOException, RecordingFormatException {
    List<ChunkSpan> chunks = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    List<String> unread = new ArrayList<>();
    // JMC skips a chunk it has already read (same start time), as in files concatenated twice.
    Map<Long, Integer> chunkByStart = new HashMap<>();
    ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES);
    long offset = 0;
    int number = 1;
    int complete = 0;
    while (offset < fileSize) {
      int read = readAt(channel, header, offset);
      String where = "chunk " + number + " at offset " + offset;
      if (read < MAGIC.length || !hasMagic(header)) {
        String found = HexFormat.ofDelimiter(" ").formatHex(header.array(), 0, Math.min(read, MAGIC.length));
        if (number == 1) {
          throw new RecordingFormatException(name + " does not start with the JFR magic 'FLR\\0' (its first bytes are "
              + found + "): it is not a flight recording; pass a .jfr file written by the JVM, plain or gzipped");
        }
        problem(name, where + " does not start with the JFR magic 'FLR\\0' (found " + found
            + "), so the data after chunk " + (number - 1) + " is not a chunk", complete, lenient, unread);
        break;
      }
      if (read < HEADER_BYTES) {
        problem(name, where + " is cut off in its header: the file ends at " + fileSize, complete, lenient, unread);
        break;
      }
      int major = Short.toUnsignedInt(header.getShort(4));
      int minor = Short.toUnsignedInt(header.getShort(6));
      long size = header.getLong(8);
      if (major != 1 && major != 2) {
        problem(name, where + " has format version " + major + "." + minor
            + ", which cannot be read (versions 1 and 2 are, as written by JDK 8u262, 9 and later)", complete, lenient,
            unread);
        break;
      }
      if (size < HEADER_BYTES || size > MAX_CHUNK_BYTES) {
        problem(name, where + " declares an impossible size of " + size + " bytes (a chunk has " + HEADER_BYTES
            + " to " + MAX_CHUNK_BYTES + "), so the file is corrupt", complete, lenient, unread);
        break;
      }
      if (size > fileSize - offset) {
        problem(name, where + " declares " + size + " bytes but the file ends at " + fileSize, complete, lenient,
            unread);
        break;
      }
      long startNanos = header.getLong(START_NANOS_OFFSET);
      Integer earlier = chunkByStart.putIfAbsent(startNanos, number);
      if (earlier != null) {
        warnings.add(where + " repeats chunk " + earlier + " (same start time); read it once");
      } else {
        chunks.add(new ChunkSpan(number, offset, size));
      }
      complete++;
      offset += size;
      number++;
    }
    warnings.addAll(unread);
    return new ChunkLayout(chunks, warnings, unread);
  }

  /**
   * Fails on a damaged chunk, or, when lenient and chunks before it are complete, notes that the
   * rest of the file is left out.
   */
  private static void problem(String name, String what, int complete, boolean lenient, List<String> unread)
      throws RecordingFormatException {
    if (complete == 0) {
      throw new RecordingFormatException(name + ": " + what
          + "; no chunk is complete, so there is nothing to analyze: copy or dump the recording again");
    }
    if (!lenient) {
      throw new RecordingFormatException(name + ": " + what + "; rerun with --lenient to analyze the "
          + chunks(complete) + " before it");
    }
    unread.add(what + "; analyzed the " + chunks(complete) + " before it");
  }

  static String chunks(int count) {
    return count == 1 ? "1 complete chunk" : count + " complete chunks";
  }

  private static boolean hasMagic(ByteBuffer header) {
    for (int i = 0; i < MAGIC.length; i++) {
      if (header.get(i) != MAGIC[i]) {
        return false;
      }
    }
    return true;
  }

  /** Reads up to the buffer's capacity at the offset; fewer bytes only at the end of the file. */
  private static int readAt(FileChannel channel, ByteBuffer buffer, long offset) throws IOException {
    buffer.clear();
    while (buffer.hasRemaining()) {
      int n = channel.read(buffer, offset + buffer.position());
      if (n < 0) {
        break;
      }
    }
    return buffer.position();
  }
}
