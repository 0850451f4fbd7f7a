package io.heaplens.analysis;

import io.heaplens.hprof.HeapGraph;
import java.util.PriorityQueue;

/** Selections of the objects that matter most, without sorting the whole heap. */
final class TopObjects {
  private TopObjects() {}

  /** The {@code limit} objects right under the GC roots in the dominator tree retaining the most. */
  static int[] largestTopLevelDominators(HeapGraph graph, int limit) {
    PriorityQueue<long[]> smallestFirst = new PriorityQueue<>((a, b) -> Long.compare(a[0], b[0]));
    for (int object = 0; object < graph.objectCount(); object++) {
      if (graph.immediateDominator(object) != -1) {
        continue;
      }
      long retained = graph.retainedSize(object);
      if (smallestFirst.size() < limit) {
        smallestFirst.add(new long[] {retained, object});
      } else if (retained > smallestFirst.peek()[0]) {
        smallestFirst.poll();
        smallestFirst.add(new long[] {retained, object});
      }
    }
    int[] result = new int[smallestFirst.size()];
    for (int i = result.length - 1; i >= 0; i--) {
      result[i] = (int) smallestFirst.poll()[1];
    }
    return result;
  }
}
