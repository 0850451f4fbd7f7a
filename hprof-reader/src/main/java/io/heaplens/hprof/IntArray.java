package io.heaplens.hprof;

/**
 * A large int array of the index, on the Java heap or memory-mapped from the index file (see {@link
 * SpillFile#keepOffHeap}): the algorithms read and write it the same way.
 */
interface IntArray {
  long length();

  int get(long index);

  void set(long index, int value);

  /** An array on the Java heap. */
  static IntArray of(int[] values) {
    return new IntArray() {
      @Override
      public long length() {
        return values.length;
      }

      @Override
      public int get(long index) {
        return values[(int) index];
      }

      @Override
      public void set(long index, int value) {
        values[(int) index] = value;
      }
    };
  }
}
