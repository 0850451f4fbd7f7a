package io.heaplens.hprof;

import java.util.Arrays;

/**
 * A growable long array stored in fixed 8 MB chunks: growing never copies, so the first pass
 * needs no room for a doubled copy.
 */
final class LongChunks {
  private static final int SHIFT = 20;
  private static final int CHUNK = 1 << SHIFT;
  private static final int MASK = CHUNK - 1;

  private long[][] chunks = new long[0][];
  private int size;

  int size() {
    return size;
  }

  long get(int index) {
    return chunks[index >>> SHIFT][index & MASK];
  }

  void add(long value) {
    if (size == Integer.MAX_VALUE) {
      throw new IllegalStateException("more than 2^31 - 1 elements");
    }
    if ((size >>> SHIFT) == chunks.length) {
      chunks = Arrays.copyOf(chunks, chunks.length + 1);
      chunks[chunks.length - 1] = new long[CHUNK];
    }
    chunks[size >>> SHIFT][size & MASK] = value;
    size++;
  }

  /** Releases the storage. */
  void clear() {
    chunks = new long[0][];
    size = 0;
  }

  /** Copies the values into one exact array, releasing each chunk as soon as it is copied. */
  long[] drainToArray() {
    long[] result = new long[size];
    for (int chunk = 0; chunk < chunks.length; chunk++) {
      int from = chunk << SHIFT;
      System.arraycopy(chunks[chunk], 0, result, from, Math.min(CHUNK, size - from));
      chunks[chunk] = null;
    }
    chunks = new long[0][];
    size = 0;
    return result;
  }
}
