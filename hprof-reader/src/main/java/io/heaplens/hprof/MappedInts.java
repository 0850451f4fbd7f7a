package io.heaplens.hprof;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteOrder;
import java.nio.IntBuffer;
import java.nio.channels.FileChannel;

/**
 * An int array living in a memory-mapped region of the index file instead of the Java heap: the
 * operating system pages it in and out, so the heap only holds the arrays a phase is working on.
 * Mapped in parts of 2^28 ints (1 GB), as one mapping cannot exceed 2 GB.
 */
final class MappedInts implements IntArray {
  private static final int SHIFT = 28;
  private static final long MASK = (1L << SHIFT) - 1;

  private final IntBuffer[] parts;
  private final long length;

  MappedInts(FileChannel channel, long byteOffset, long length, boolean writable) {
    this.length = length;
    int count = (int) ((length + MASK) >>> SHIFT);
    parts = new IntBuffer[count];
    try {
      for (int p = 0; p < count; p++) {
        long first = (long) p << SHIFT;
        long ints = Math.min(1L << SHIFT, length - first);
        parts[p] = channel.map(writable ? FileChannel.MapMode.READ_WRITE : FileChannel.MapMode.READ_ONLY,
                byteOffset + first * Integer.BYTES, ints * Integer.BYTES)
            .order(ByteOrder.nativeOrder())
            .asIntBuffer();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot map the index file", e);
    }
  }

  @Override
  public long length() {
    return length;
  }

  @Override
  public int get(long index) {
    return parts[(int) (index >>> SHIFT)].get((int) (index & MASK));
  }

  @Override
  public void set(long index, int value) {
    parts[(int) (index >>> SHIFT)].put((int) (index & MASK), value);
  }
}
