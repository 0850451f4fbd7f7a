package io.heaplens.hprof;

import java.io.IOException;
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
    this(new int[objects]);
  }

  private RetainedSizes(int[] unitsOf8Bytes) {
    this.unitsOf8Bytes = unitsOf8Bytes;
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

  void writeTo(IndexOutput out) throws IOException {
    out.writeInts(unitsOf8Bytes);
    out.writeInt(large.size());
    for (Map.Entry<Integer, Long> entry : large.entrySet()) {
      out.writeInt(entry.getKey());
      out.writeLong(entry.getValue());
    }
  }

  static RetainedSizes readFrom(IndexInput in) throws IOException {
    RetainedSizes sizes = new RetainedSizes(in.readInts());
    int large = in.readInt();
    for (int i = 0; i < large; i++) {
      sizes.large.put(in.readInt(), in.readLong());
    }
    return sizes;
  }
}
