package io.heaplens.rules.support;

import io.heaplens.analysis.Bytes;
import io.heaplens.hprof.HeapGraph;
import java.util.Locale;

/** Numbers as findings print them, and the heap total shares are taken of. */
public final class Numbers {
  private Numbers() {}

  /** {@code 1,843}. */
  public static String count(long value) {
    return String.format(Locale.ROOT, "%,d", value);
  }

  /** {@code 412.0 MB} (see {@link Bytes}). */
  public static String bytes(long value) {
    return Bytes.format(value);
  }

  /** {@code 61%}, or {@code 0.4%} below 10%, of {@code whole}. */
  public static String percent(long part, long whole) {
    double share = whole == 0 ? 0 : 100.0 * part / whole;
    return share >= 10 ? String.format(Locale.ROOT, "%.0f%%", share)
        : String.format(Locale.ROOT, "%.1f%%", share);
  }

  /**
   * Bytes reachable from GC roots: the sum of the shallow sizes of reachable objects, what "% of
   * heap" is taken of. O(objects) the first time per graph, then remembered.
   */
  public static long reachableBytes(HeapGraph graph) {
    return PerHeap.get(graph, "reachableBytes", () -> {
      long total = 0;
      for (int object = 0; object < graph.objectCount(); object++) {
        if (graph.isReachable(object)) {
          total += graph.shallowSize(object);
        }
      }
      return total;
    });
  }

  /** Share (0..1) of the reachable heap. */
  public static double shareOfHeap(HeapGraph graph, long bytes) {
    long total = reachableBytes(graph);
    return total == 0 ? 0 : (double) bytes / total;
  }
}
