package io.heaplens.hprof;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * Sequential big-endian reads over a file through one reusable buffer: the dump is streamed, never
 * held in memory. Reading past the end of the file throws {@link EOFException}, which the record
 * readers turn into a truncation error naming the record.
 */
final class HprofInput {
  private static final int BUFFER_BYTES = 1 << 20;

  private final FileChannel channel;
  private final long fileSize;
  private final byte[] buffer = new byte[BUFFER_BYTES];
  private final ByteBuffer wrapped = ByteBuffer.wrap(buffer);
  private final int idSize;
  private long bufferStart;
  private int position;
  private int limit;

  HprofInput(FileChannel channel, long start, int idSize) throws IOException {
    this.channel = channel;
    this.fileSize = channel.size();
    this.idSize = idSize;
    this.bufferStart = start;
  }

  long fileSize() {
    return fileSize;
  }

  /** The absolute offset of the next byte to read. */
  long offset() {
    return bufferStart + position;
  }

  boolean atEnd() {
    return offset() >= fileSize;
  }

  int idSize() {
    return idSize;
  }

  /** Moves to an absolute offset. */
  void seek(long offset) {
    if (offset >= bufferStart && offset <= bufferStart + limit) {
      position = (int) (offset - bufferStart);
    } else {
      bufferStart = offset;
      position = 0;
      limit = 0;
    }
  }

  void skip(long bytes) throws EOFException {
    long target = offset() + bytes;
    if (target > fileSize) {
      throw new EOFException();
    }
    seek(target);
  }

  int u1() throws IOException {
    ensure(1);
    return buffer[position++] & 0xFF;
  }

  int u2() throws IOException {
    ensure(2);
    int value = ((buffer[position] & 0xFF) << 8) | (buffer[position + 1] & 0xFF);
    position += 2;
    return value;
  }

  int u4() throws IOException {
    ensure(4);
    int p = position;
    int value = (buffer[p] << 24) | ((buffer[p + 1] & 0xFF) << 16)
        | ((buffer[p + 2] & 0xFF) << 8) | (buffer[p + 3] & 0xFF);
    position = p + 4;
    return value;
  }

  long u8() throws IOException {
    long high = u4() & 0xFFFFFFFFL;
    return (high << 32) | (u4() & 0xFFFFFFFFL);
  }

  long id() throws IOException {
    return idSize == 8 ? u8() : u4() & 0xFFFFFFFFL;
  }

  /** Reads a value of the given size in bytes (1, 2, 4 or 8) as raw bits. */
  long value(int size) throws IOException {
    switch (size) {
      case 1: return u1();
      case 2: return u2();
      case 4: return u4() & 0xFFFFFFFFL;
      case 8: return u8();
      default: throw new IllegalArgumentException("value size " + size);
    }
  }

  void readFully(byte[] into, int length) throws IOException {
    int done = 0;
    while (done < length) {
      ensure(1);
      int chunk = Math.min(length - done, limit - position);
      System.arraycopy(buffer, position, into, done, chunk);
      position += chunk;
      done += chunk;
    }
  }

  /** The buffer holding the next {@code bytes} bytes, which start at {@link #bufferPosition()}. */
  byte[] window(int bytes) throws IOException {
    ensure(bytes);
    return buffer;
  }

  int bufferPosition() {
    return position;
  }

  void advance(int bytes) {
    position += bytes;
  }

  static int maxWindow() {
    return BUFFER_BYTES;
  }

  private void ensure(int bytes) throws IOException {
    if (limit - position >= bytes) {
      return;
    }
    refill(bytes);
  }

  private void refill(int bytes) throws IOException {
    int remaining = limit - position;
    System.arraycopy(buffer, position, buffer, 0, remaining);
    bufferStart += position;
    position = 0;
    limit = remaining;
    while (limit < bytes) {
      wrapped.limit(buffer.length).position(limit);
      int read = channel.read(wrapped, bufferStart + limit);
      if (read <= 0) {
        throw new EOFException();
      }
      limit += read;
    }
  }

  static HprofFormatException truncated(String what, long recordOffset, long fileSize) {
    return new HprofFormatException(
        "truncated dump: " + what + " at offset " + recordOffset + " runs past the end of the file ("
            + fileSize + " bytes); the dump was cut short (disk full, or the process died while"
            + " dumping); rerun with --lenient to analyze what was written",
        recordOffset);
  }
}
