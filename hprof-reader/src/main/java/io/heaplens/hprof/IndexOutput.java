package io.heaplens.hprof;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

/**
 * Writes a kept index file ({@link KeptIndex}): values in the machine's byte order, so that int
 * arrays can be memory-mapped as they are, and a CRC-32C of everything written, stored with the
 * length in a trailer by {@link #finish}. A file without that trailer, or whose bytes do not match
 * it, is rejected by {@link IndexInput}.
 */
final class IndexOutput implements Closeable {
  /** Bytes of the trailer: the content length and the checksum. */
  static final int TRAILER_BYTES = 16;

  private final FileChannel channel;
  private final ByteBuffer buffer = ByteBuffer.allocateDirect(1 << 20).order(ByteOrder.nativeOrder());
  private final CRC32C checksum = new CRC32C();
  private long position;

  IndexOutput(Path file) throws IOException {
    channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
  }

  void writeInt(int value) throws IOException {
    room(Integer.BYTES);
    buffer.putInt(value);
  }

  void writeLong(long value) throws IOException {
    room(Long.BYTES);
    buffer.putLong(value);
  }

  void writeBoolean(boolean value) throws IOException {
    writeInt(value ? 1 : 0);
  }

  /** A string, or null. */
  void writeString(String value) throws IOException {
    if (value == null) {
      writeInt(-1);
      return;
    }
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    writeInt(bytes.length);
    for (int done = 0; done < bytes.length; ) {
      room(1);
      int chunk = Math.min(buffer.remaining(), bytes.length - done);
      buffer.put(bytes, done, chunk);
      done += chunk;
    }
  }

  /** An int array, starting at an 8-byte boundary so that it can be mapped. */
  void writeInts(int[] values) throws IOException {
    writeInts(IntArray.of(values));
  }

  void writeInts(IntArray values) throws IOException {
    writeLong(values.length());
    align();
    for (long i = 0; i < values.length(); i++) {
      room(Integer.BYTES);
      buffer.putInt(values.get(i));
    }
  }

  void writeLongs(long[] values) throws IOException {
    writeLong(values.length);
    for (long value : values) {
      writeLong(value);
    }
  }

  /**
   * Writes the trailer; nothing may be written after. The file is not forced to disk: a file the
   * system lost part of in a crash fails its checksum and is rebuilt.
   */
  void finish() throws IOException {
    flush();
    ByteBuffer trailer = ByteBuffer.allocate(TRAILER_BYTES).order(ByteOrder.nativeOrder());
    trailer.putLong(position).putLong(checksum.getValue()).flip();
    while (trailer.hasRemaining()) {
      channel.write(trailer);
    }
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }

  private void align() throws IOException {
    while (((position + buffer.position()) & 7) != 0) {
      room(1);
      buffer.put((byte) 0);
    }
  }

  private void room(int bytes) throws IOException {
    if (buffer.remaining() < bytes) {
      flush();
    }
  }

  private void flush() throws IOException {
    buffer.flip();
    checksum.update(buffer.duplicate());
    position += buffer.remaining();
    while (buffer.hasRemaining()) {
      channel.write(buffer);
    }
    buffer.clear();
  }
}
