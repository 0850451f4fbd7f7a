package io.heaplens.hprof;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The index file: a temporary file holding the large int arrays the index does not keep on the Java
 * heap. Arrays are appended ({@link #write}, {@link #allocate}) and read back whole, in ranges,
 * streamed, or mapped ({@link #map}). The operating system's page cache holds what is in use. Deleted
 * on close.
 */
final class SpillFile implements Closeable {
  private static final int BUFFER_INTS = 1 << 18;

  private final Path path;
  private final FileChannel channel;
  private long end;
  private boolean offHeap;

  /** Where an array is: the byte offset and the number of ints. */
  record Slot(long offset, long length) {}

  SpillFile(Path directory) throws IOException {
    path = Files.createTempFile(directory, "heaplens-index-", ".tmp");
    channel = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE,
        StandardOpenOption.DELETE_ON_CLOSE);
  }

  /** Appends an array. */
  Slot write(int[] values) {
    Slot slot = allocate(values.length);
    writeAt(slot, 0, values, 0, values.length);
    return slot;
  }

  /** Reserves room for {@code length} ints at the end of the file. */
  synchronized Slot allocate(long length) {
    Slot slot = new Slot(end, length);
    end += length * Integer.BYTES;
    return slot;
  }

  /** Writes {@code count} ints of {@code values} from {@code from} at index {@code at} of a slot. */
  void writeAt(Slot slot, long at, int[] values, int from, int count) {
    ByteBuffer buffer = ByteBuffer.allocate(Math.min(count, BUFFER_INTS) * Integer.BYTES)
        .order(ByteOrder.nativeOrder());
    long position = slot.offset() + at * Integer.BYTES;
    try {
      for (int done = 0; done < count; ) {
        int chunk = Math.min(BUFFER_INTS, count - done);
        buffer.clear();
        buffer.asIntBuffer().put(values, from + done, chunk);
        buffer.limit(chunk * Integer.BYTES);
        while (buffer.hasRemaining()) {
          position += channel.write(buffer, position);
        }
        done += chunk;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the index file " + path, e);
    }
  }

  int[] readInts(Slot slot) {
    return readRange(slot, 0, (int) slot.length());
  }

  /** {@code count} ints of a slot from index {@code from}. */
  int[] readRange(Slot slot, long from, int count) {
    int[] values = new int[count];
    readInto(slot, from, values, 0, count);
    return values;
  }

  /** Reads {@code count} ints of a slot from index {@code from} into {@code target} at {@code at}. */
  void readInto(Slot slot, long from, int[] target, int at, int count) {
    ByteBuffer buffer = ByteBuffer.allocate(Math.min(count, BUFFER_INTS) * Integer.BYTES)
        .order(ByteOrder.nativeOrder());
    long position = slot.offset() + from * Integer.BYTES;
    try {
      for (int done = 0; done < count; ) {
        int chunk = Math.min(BUFFER_INTS, count - done);
        buffer.clear().limit(chunk * Integer.BYTES);
        while (buffer.hasRemaining()) {
          if (channel.read(buffer, position + buffer.position()) < 0) {
            throw new IOException("the index file ended early");
          }
        }
        position += (long) chunk * Integer.BYTES;
        buffer.flip();
        buffer.asIntBuffer().get(target, at + done, chunk);
        done += chunk;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the index file " + path, e);
    }
  }

  /**
   * From now on, keep the index's large arrays (references, orderings) memory-mapped from this file
   * rather than on the Java heap: chosen when the heap is too small to hold them (a big dump under
   * a small {@code -Xmx}). Mapped pages do not come back to the heap's free space, so when the heap
   * is large enough keeping them there costs less memory overall.
   */
  void keepOffHeap(boolean value) {
    offHeap = value;
  }

  /** The values as an index array: on the heap as they are, or written here and mapped. */
  IntArray keep(int[] values) {
    return offHeap ? map(write(values), false) : IntArray.of(values);
  }

  /** A new zero-filled index array, on the heap or mapped. */
  IntArray newArray(int length) {
    return offHeap ? map(allocate(length), true) : IntArray.of(new int[length]);
  }

  /** A slot's values as an index array: read onto the heap, or mapped. */
  IntArray load(Slot slot) {
    return offHeap ? map(slot, false) : IntArray.of(readInts(slot));
  }

  /** Maps a slot (written before, or allocated to be filled through the mapping). */
  MappedInts map(Slot slot, boolean writable) {
    return new MappedInts(channel, slot.offset(), slot.length(), writable);
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }
}
