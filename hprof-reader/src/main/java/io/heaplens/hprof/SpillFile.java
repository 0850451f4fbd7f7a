package io.heaplens.hprof;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.IntBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A temporary file that holds int arrays the current phase does not need, so that the Java heap
 * only holds what the phase works on (the operating system's page cache keeps the file, outside our
 * process's memory). Deleted on close.
 */
final class SpillFile implements Closeable {
  private static final int BUFFER_INTS = 1 << 18;

  private final Path path;
  private final FileChannel channel;
  private final ByteBuffer buffer = ByteBuffer.allocateDirect(BUFFER_INTS * Integer.BYTES)
      .order(ByteOrder.nativeOrder());
  private long end;

  /** Where an array was written: the byte offset and the number of ints. */
  record Slot(long offset, int length) {}

  SpillFile(Path directory) throws IOException {
    path = Files.createTempFile(directory, "heaplens-index-", ".tmp");
    channel = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE,
        StandardOpenOption.DELETE_ON_CLOSE);
  }

  Slot write(int[] values) {
    return write(values.length, (from, into, count) -> System.arraycopy(values, from, into, 0, count));
  }

  int[] readInts(Slot slot) {
    int[] values = new int[slot.length()];
    read(slot, (from, chunk, count) -> System.arraycopy(chunk, 0, values, from, count));
    return values;
  }

  /** {@code count} ints of a slot from index {@code from}. */
  int[] readRange(Slot slot, int from, int count) {
    int[] values = new int[count];
    read(new Slot(slot.offset() + (long) from * Integer.BYTES, count),
        (at, chunk, n) -> System.arraycopy(chunk, 0, values, at, n));
    return values;
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }

  private interface Copier {
    void copy(int from, int[] chunk, int count);
  }

  private synchronized Slot write(int length, Copier source) {
    long start = end;
    int[] chunk = new int[BUFFER_INTS];
    try {
      for (int from = 0; from < length; from += BUFFER_INTS) {
        int count = Math.min(BUFFER_INTS, length - from);
        source.copy(from, chunk, count);
        buffer.clear();
        buffer.asIntBuffer().put(chunk, 0, count);
        buffer.limit(count * Integer.BYTES);
        while (buffer.hasRemaining()) {
          end += channel.write(buffer, end);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the index to " + path, e);
    }
    return new Slot(start, length);
  }

  private synchronized void read(Slot slot, Copier target) {
    int[] chunk = new int[BUFFER_INTS];
    long position = slot.offset();
    try {
      for (int from = 0; from < slot.length(); from += BUFFER_INTS) {
        int count = Math.min(BUFFER_INTS, slot.length() - from);
        buffer.clear().limit(count * Integer.BYTES);
        while (buffer.hasRemaining()) {
          if (channel.read(buffer, position + buffer.position()) < 0) {
            throw new IOException("index file ended early");
          }
        }
        position += (long) count * Integer.BYTES;
        buffer.flip();
        IntBuffer ints = buffer.asIntBuffer();
        ints.get(chunk, 0, count);
        target.copy(from, chunk, count);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the index from " + path, e);
    }
  }
}
