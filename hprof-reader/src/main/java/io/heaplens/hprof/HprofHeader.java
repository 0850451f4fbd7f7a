package io.heaplens.hprof;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;

/** The file header: format string, identifier size, timestamp; {@code length} bytes long. */
record HprofHeader(String format, int idSize, long timestampMillis, int length) {
  private static final int MAX_FORMAT_LENGTH = 64;

  static HprofHeader read(FileChannel channel) throws IOException, HprofFormatException {
    long fileSize = channel.size();
    if (fileSize == 0) {
      throw new HprofFormatException(
          "empty file: 0 bytes, not a heap dump; check that the dump finished writing", 0);
    }
    ByteBuffer head = ByteBuffer.allocate((int) Math.min(fileSize, MAX_FORMAT_LENGTH + 13));
    while (head.hasRemaining() && channel.read(head, head.position()) > 0) {
      // keep reading until the header is in
    }
    head.flip();
    int end = -1;
    for (int i = 0; i < head.limit() && i <= MAX_FORMAT_LENGTH; i++) {
      if (head.get(i) == 0) {
        end = i;
        break;
      }
    }
    String prefix = end < 0 ? "" : new String(head.array(), 0, end, StandardCharsets.ISO_8859_1);
    if (!prefix.startsWith("JAVA PROFILE 1.0.")) {
      throw new HprofFormatException(
          "not an HPROF heap dump: the file does not start with \"JAVA PROFILE 1.0.x\" at offset 0;"
              + " give heaplens a .hprof file (jcmd <pid> GC.heap_dump) or its .gz", 0);
    }
    if (!prefix.equals("JAVA PROFILE 1.0.1") && !prefix.equals("JAVA PROFILE 1.0.2")) {
      throw new HprofFormatException("unsupported HPROF version \"" + printable(prefix)
          + "\" at offset 0; heaplens reads JAVA PROFILE 1.0.1 and 1.0.2", 0);
    }
    if (head.limit() < end + 13) {
      throw new HprofFormatException("truncated dump: the file ends inside its header at offset "
          + head.limit() + "; the dump was cut short, take a new one", head.limit());
    }
    int idSize = head.getInt(end + 1);
    if (idSize != 4 && idSize != 8) {
      throw new HprofFormatException("corrupt header: identifier size " + idSize + " at offset "
          + (end + 1) + " (expected 4 or 8); the file is damaged, take a new dump", end + 1);
    }
    long timestamp = head.getLong(end + 5);
    return new HprofHeader(prefix, idSize, timestamp, end + 13);
  }

  /** The text with control characters shown as \\uXXXX, so a hostile file cannot break the line. */
  private static String printable(String text) {
    StringBuilder out = new StringBuilder();
    for (char c : text.toCharArray()) {
      out.append(Character.isISOControl(c) ? String.format("\\u%04x", (int) c) : c);
    }
    return out.toString();
  }
}
