package io.heaplens.hprof;

import java.util.Arrays;

/**
 * An int array of up to 2^31 - 1 elements stored in fixed 4 MB chunks, so that growing it never
 * copies and never needs twice its size in one piece.
 */
final class IntChunks {
  private static final int SHIFT = 20;
  private static final int CHUNK = 1 << SHIFT;
  private static final int MASK = CHUNK - 1;

  private int[][] chunks = new int[0][];
  private int size;

  /** A zero-filled array of {@code length} elements. */
  static IntChunks ofLength(int length) {
    IntChunks array = new IntChunks();
    array.ensureCapacity(length);
    array.size = length;
    return array;
  }

  int size() {
    return size;
  }

  int get(int index) {
    return chunks[index >>> SHIFT][index & MASK];
  }

  void set(int index, int value) {
    chunks[index >>> SHIFT][index & MASK] = value;
  }

  void add(int value) {
    if (size == Integer.MAX_VALUE) {
      throw new IllegalStateException("more than 2^31 - 1 elements");
    }
    if ((size & MASK) == 0 && (size >>> SHIFT) == chunks.length) {
      ensureCapacity(size + 1);
    }
    chunks[size >>> SHIFT][size & MASK] = value;
    size++;
  }

  /** Gives back the unused tail of the last chunk. */
  void trim() {
    int lastChunk = (size - 1) >>> SHIFT;
    if (size > 0 && chunks.length > lastChunk) {
      chunks = Arrays.copyOf(chunks, lastChunk + 1);
      int used = size - (lastChunk << SHIFT);
      chunks[lastChunk] = Arrays.copyOf(chunks[lastChunk], used);
    }
  }

  /** Copies the values into one exact array, releasing each chunk as soon as it is copied. */
  int[] drainToArray() {
    int[] result = new int[size];
    for (int chunk = 0; chunk < chunks.length; chunk++) {
      int from = chunk << SHIFT;
      if (from < size) {
        System.arraycopy(chunks[chunk], 0, result, from, Math.min(chunks[chunk].length, size - from));
      }
      chunks[chunk] = null;
    }
    chunks = new int[0][];
    size = 0;
    return result;
  }

  private void ensureCapacity(int capacity) {
    int needed = (int) (((long) capacity + MASK) >>> SHIFT);
    if (needed > chunks.length) {
      int old = chunks.length;
      chunks = Arrays.copyOf(chunks, needed);
      for (int i = old; i < needed; i++) {
        chunks[i] = new int[CHUNK];
      }
    }
  }
}
