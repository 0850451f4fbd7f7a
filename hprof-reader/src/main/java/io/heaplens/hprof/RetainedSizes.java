package io.heaplens.hprof;

import java.util.HashMap;
import java.util.Map;

/**
 * Retained sizes of all objects in 4 bytes each: sizes are multiples of 8, so an int of 8-byte
 * units covers 16 GB; the few objects retaining more (those near the roots of huge heaps) keep
 * their size in a small map.
 */
final class RetainedSizes {
  private static final int OVERFLOW = -1;

  private final int[] unitsOf8Bytes;
  private final Map<Integer, Long> large = new HashMap<>();

  RetainedSizes(int objects) {
    unitsOf8Bytes = new int[objects];
  }

  long get(int object) {
    int units = unitsOf8Bytes[object];
    return units == OVERFLOW ? large.get(object) : (long) units << 3;
  }

  void set(int object, long bytes) {
    long units = bytes >>> 3;
    if (units < Integer.MAX_VALUE) {
      unitsOf8Bytes[object] = (int) units;
      large.remove(object);
    } else {
      unitsOf8Bytes[object] = OVERFLOW;
      large.put(object, bytes);
    }
  }
}
