package io.heaplens.hprof;

import java.util.Arrays;

/** A growable int array; {@link #toArray()} hands out an exactly sized copy. */
final class GrowableInts {
  private int[] values;
  private int size;

  GrowableInts(int initialCapacity) {
    values = new int[Math.max(16, initialCapacity)];
  }

  void add(int value) {
    if (size == values.length) {
      values = Arrays.copyOf(values, (int) Math.min(Integer.MAX_VALUE - 8, values.length * 3L / 2 + 16));
    }
    values[size++] = value;
  }

  int get(int index) {
    return values[index];
  }

  int size() {
    return size;
  }

  int[] toArray() {
    int[] result = values.length == size ? values : Arrays.copyOf(values, size);
    values = new int[0];
    size = 0;
    return result;
  }
}
