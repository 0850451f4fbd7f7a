package io.heaplens.hprof;

import java.util.Arrays;

/** An open-addressing map from long keys to int values, without boxing. */
final class LongIntMap {
  private static final int ABSENT = Integer.MIN_VALUE;

  private long[] keys;
  private int[] values;
  private int size;

  LongIntMap(int expected) {
    int capacity = Integer.highestOneBit(Math.max(16, expected * 2 - 1)) << 1;
    keys = new long[capacity];
    values = new int[capacity];
    Arrays.fill(values, ABSENT);
  }

  /** The value for {@code key}, or {@code missing} if absent. */
  int get(long key, int missing) {
    int mask = keys.length - 1;
    for (int slot = mix(key) & mask; ; slot = (slot + 1) & mask) {
      if (values[slot] == ABSENT) {
        return missing;
      }
      if (keys[slot] == key) {
        return values[slot];
      }
    }
  }

  void put(long key, int value) {
    if (value == ABSENT) {
      throw new IllegalArgumentException("reserved value");
    }
    if ((size + 1) * 2 > keys.length) {
      grow();
    }
    int mask = keys.length - 1;
    for (int slot = mix(key) & mask; ; slot = (slot + 1) & mask) {
      if (values[slot] == ABSENT) {
        keys[slot] = key;
        values[slot] = value;
        size++;
        return;
      }
      if (keys[slot] == key) {
        values[slot] = value;
        return;
      }
    }
  }

  private void grow() {
    long[] oldKeys = keys;
    int[] oldValues = values;
    keys = new long[oldKeys.length * 2];
    values = new int[oldValues.length * 2];
    Arrays.fill(values, ABSENT);
    size = 0;
    for (int i = 0; i < oldKeys.length; i++) {
      if (oldValues[i] != ABSENT) {
        put(oldKeys[i], oldValues[i]);
      }
    }
  }

  private static int mix(long key) {
    long h = key * 0x9E3779B97F4A7C15L;
    return (int) (h ^ (h >>> 32));
  }
}
