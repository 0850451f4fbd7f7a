package io.heaplens.hprof;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;

/**
 * Reads a kept index file written by {@link IndexOutput}, front to back. {@link #verify} checks the
 * trailer's length and checksum against every byte before anything is believed; the reads then
 * check each length against what is left, so that even an index written by a faulty build cannot
 * make it allocate or map past the file.
 */
final class IndexInput {
  /** The file is not a complete, intact index. */
  static final class CorruptIndexException extends IOException {
    private static final long serialVersionUID = 1L;

    CorruptIndexException(String message) {
      super(message);
    }
  }

  private final FileChannel channel;
  private final ByteBuffer buffer = ByteBuffer.allocateDirect(1 << 16).order(ByteOrder.nativeOrder());
  private long contentEnd;
  /** File offset of the buffer's first byte. */
  private long bufferStart;

  IndexInput(FileChannel channel) {
    this.channel = channel;
    buffer.limit(0);
  }

  /** Checks the trailer and the checksum of the whole content. */
  void verify() throws IOException {
    long size = channel.size();
    if (size < IndexOutput.TRAILER_BYTES) {
      throw new CorruptIndexException("shorter than its trailer");
    }
    ByteBuffer trailer = ByteBuffer.allocate(IndexOutput.TRAILER_BYTES).order(ByteOrder.nativeOrder());
    readFully(trailer, size - IndexOutput.TRAILER_BYTES);
    long length = trailer.getLong(0);
    long expected = trailer.getLong(Long.BYTES);
    if (length != size - IndexOutput.TRAILER_BYTES) {
      throw new CorruptIndexException("truncated or extended: the trailer does not match the size");
    }
    CRC32C checksum = new CRC32C();
    ByteBuffer chunk = ByteBuffer.allocateDirect(1 << 20);
    for (long at = 0; at < length; ) {
      chunk.clear().limit((int) Math.min(chunk.capacity(), length - at));
      readFully(chunk, at);
      chunk.flip();
      checksum.update(chunk);
      at += chunk.limit();
    }
    if (checksum.getValue() != expected) {
      throw new CorruptIndexException("checksum mismatch");
    }
    contentEnd = length;
  }

  int readInt() throws IOException {
    need(Integer.BYTES);
    return buffer.getInt();
  }

  long readLong() throws IOException {
    need(Long.BYTES);
    return buffer.getLong();
  }

  boolean readBoolean() throws IOException {
    return readInt() != 0;
  }

  String readString() throws IOException {
    int length = readInt();
    if (length < 0) {
      return null;
    }
    byte[] bytes = new byte[checkedLength(length, 1)];
    for (int done = 0; done < bytes.length; ) {
      need(1);
      int chunk = Math.min(buffer.remaining(), bytes.length - done);
      buffer.get(bytes, done, chunk);
      done += chunk;
    }
    return new String(bytes, StandardCharsets.UTF_8);
  }

  int[] readInts() throws IOException {
    long length = readLong();
    align();
    int[] values = new int[checkedLength(length, Integer.BYTES)];
    for (int done = 0; done < values.length; ) {
      need(Integer.BYTES);
      int chunk = Math.min(buffer.remaining() / Integer.BYTES, values.length - done);
      buffer.asIntBuffer().get(values, done, chunk);
      buffer.position(buffer.position() + chunk * Integer.BYTES);
      done += chunk;
    }
    return values;
  }

  /** An int array mapped read-only from the file, where it lies, instead of read onto the heap. */
  IntArray mapInts() throws IOException {
    long length = readLong();
    align();
    long offset = offset();
    if (length < 0 || length > (contentEnd - offset) / Integer.BYTES) {
      throw new CorruptIndexException("an array runs past the end");
    }
    skipTo(offset + length * Integer.BYTES);
    return new MappedInts(channel, offset, length, false);
  }

  long[] readLongs() throws IOException {
    long[] values = new long[checkedLength(readLong(), Long.BYTES)];
    for (int i = 0; i < values.length; i++) {
      values[i] = readLong();
    }
    return values;
  }

  /** Whether every byte of the content was read: a reader that stops short misreads the format. */
  boolean atEnd() {
    return offset() == contentEnd;
  }

  private long offset() {
    return bufferStart + buffer.position();
  }

  private int checkedLength(long length, int elementBytes) throws CorruptIndexException {
    if (length < 0 || length > Integer.MAX_VALUE - 8 || length * elementBytes > contentEnd - offset()) {
      throw new CorruptIndexException("a length runs past the end");
    }
    return (int) length;
  }

  private void align() throws IOException {
    long offset = offset();
    skipTo((offset + 7) & ~7L);
  }

  private void skipTo(long offset) throws IOException {
    if (offset > contentEnd) {
      throw new CorruptIndexException("runs past the end");
    }
    if (offset <= bufferStart + buffer.limit()) {
      buffer.position((int) (offset - bufferStart));
    } else {
      bufferStart = offset;
      buffer.clear().limit(0);
    }
  }

  /** Makes at least {@code bytes} bytes available in the buffer. */
  private void need(int bytes) throws IOException {
    if (buffer.remaining() >= bytes) {
      return;
    }
    long offset = offset();
    if (offset + bytes > contentEnd) {
      throw new CorruptIndexException("ends in the middle of a value");
    }
    bufferStart = offset;
    buffer.clear().limit((int) Math.min(buffer.capacity(), contentEnd - offset));
    readFully(buffer, offset);
    buffer.flip();
  }

  private void readFully(ByteBuffer target, long at) throws IOException {
    while (target.hasRemaining()) {
      if (channel.read(target, at + target.position()) < 0) {
        throw new CorruptIndexException("ended early");
      }
    }
  }
}
