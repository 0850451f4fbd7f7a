package io.heaplens.hprof;

/**
 * Reverses a {@link ReferenceGraph} (who references each object) into the index file without
 * holding the reversed references on the heap: the in-degree counts give every object's start, then
 * each pass over the outbound references collects the reversed references of a range of objects
 * into a buffer of at most {@link #BUFFER_INTS} and appends it. Vertices may be renumbered on the
 * way (the dominator computation wants preorder numbers); unnumbered ones are left out.
 */
final class Transpose {
  static final int BUFFER_INTS = 1 << 24;

  /** Start of each vertex's reversed references (on the heap, count + 1), and where they are. */
  record Result(int[] start, SpillFile.Slot targets) {}

  private Transpose() {}

  /**
   * @param numberOf the new number of each object, or -1 to leave it out; null keeps object indexes
   * @param count how many numbers there are
   */
  static Result build(ReferenceGraph outbound, int[] numberOf, int count, SpillFile spill) {
    int n = outbound.objectCount();
    int[] start = new int[count + 1];
    for (int u = 0; u < n; u++) {
      if (number(numberOf, u) < 0) {
        continue;
      }
      for (int k = outbound.start(u), end = outbound.end(u); k < end; k++) {
        int b = number(numberOf, outbound.target(k));
        if (b >= 0) {
          start[b + 1]++;
        }
      }
    }
    for (int i = 0; i < count; i++) {
      start[i + 1] += start[i];
    }
    SpillFile.Slot targets = spill.allocate(start[count]);
    int[] buffer = new int[Math.max(1, Math.min(start[count], BUFFER_INTS))];
    for (int lo = 0; lo < count; ) {
      int hi = lo + 1;
      while (hi < count && start[hi + 1] - start[lo] <= buffer.length) {
        hi++;
      }
      int base = start[lo];
      int size = start[hi] - base;
      if (size > buffer.length) {
        buffer = new int[size];
      }
      // Fill using start[b] as the cursor of vertex b; afterwards start[b] is the old start[b + 1].
      for (int u = 0; u < n; u++) {
        int a = number(numberOf, u);
        if (a < 0) {
          continue;
        }
        for (int k = outbound.start(u), end = outbound.end(u); k < end; k++) {
          int b = number(numberOf, outbound.target(k));
          if (b >= lo && b < hi) {
            buffer[start[b]++ - base] = a;
          }
        }
      }
      for (int b = hi - 1; b > lo; b--) {
        start[b] = start[b - 1];
      }
      start[lo] = base;
      spill.writeAt(targets, base, buffer, 0, size);
      lo = hi;
    }
    return new Result(start, targets);
  }

  private static int number(int[] numberOf, int object) {
    return numberOf == null ? object : numberOf[object];
  }
}
