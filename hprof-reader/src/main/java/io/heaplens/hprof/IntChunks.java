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

  int size() {
    return size;
  }

  int get(int index) {
    return chunks[index >>> SHIFT][index & MASK];
  }

  void add(int value) {
    if (size == Integer.MAX_VALUE) {
      throw new IllegalStateException("more than 2^31 - 1 elements");
    }
    if ((size >>> SHIFT) == chunks.length) {
      chunks = Arrays.copyOf(chunks, chunks.length + 1);
      chunks[chunks.length - 1] = new int[CHUNK];
    }
    chunks[size >>> SHIFT][size & MASK] = value;
    size++;
  }

  /**
   * Writes the values into a slot of the index file from index {@code offset}, releasing each
   * chunk once written; returns the index after the last value.
   */
  int drainInto(SpillFile file, SpillFile.Slot slot, int offset) {
    for (int chunk = 0; chunk < chunks.length; chunk++) {
      int from = chunk << SHIFT;
      if (from < size) {
        file.writeAt(slot, offset + from, chunks[chunk], 0, Math.min(CHUNK, size - from));
      }
      chunks[chunk] = null;
    }
    int end = offset + size;
    chunks = new int[0][];
    size = 0;
    return end;
  }

  /** Copies the values into one exact array, releasing each chunk as soon as it is copied. */
  int[] drainToArray() {
    int[] result = new int[size];
    for (int chunk = 0; chunk < chunks.length; chunk++) {
      int from = chunk << SHIFT;
      if (from < size) {
        System.arraycopy(chunks[chunk], 0, result, from, Math.min(CHUNK, size - from));
      }
      chunks[chunk] = null;
    }
    chunks = new int[0][];
    size = 0;
    return result;
  }
}
