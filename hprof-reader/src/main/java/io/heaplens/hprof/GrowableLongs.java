package io.heaplens.hprof;

import java.util.Arrays;

/** A growable long array; {@link #toArray()} hands out an exactly sized copy. */
final class GrowableLongs {
  private long[] values;
  private int size;

  GrowableLongs(int initialCapacity) {
    values = new long[Math.max(16, initialCapacity)];
  }

  void add(long value) {
    if (size == values.length) {
      values = Arrays.copyOf(values, (int) Math.min(Integer.MAX_VALUE - 8, values.length * 3L / 2 + 16));
    }
    values[size++] = value;
  }

  long get(int index) {
    return values[index];
  }

  int size() {
    return size;
  }

  long[] toArray() {
    long[] result = values.length == size ? values : Arrays.copyOf(values, size);
    values = new long[0];
    size = 0;
    return result;
  }
}
