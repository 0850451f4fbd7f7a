package io.heaplens.hprof;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;

/**
 * Retained size of all instances of each class as one set: the sum of the retained sizes of the
 * instances that no other instance of the same class dominates. One walk of the dominator tree in
 * preorder, keeping the path from the root on a stack and counting, for each class, how many of its
 * instances are on that path.
 */
final class RetainedByClass {
  private RetainedByClass() {}

  static long[] compute(DominatorTree tree, int[] classOf, RetainedSizes retained, int classCount) {
    long[] result = new long[classCount];
    int[] onPath = new int[classCount];
    int[] path = new int[1024];
    int depth = 0;
    for (int i = 0; i < tree.reachable; i++) {
      int object = tree.preorder.get(i);
      int dominator = tree.dominator[object];
      while (depth > 0 && path[depth - 1] != dominator) {
        onPath[classOf[path[--depth]]]--;
      }
      int cls = classOf[object];
      if (onPath[cls] == 0) {
        result[cls] += retained.get(object);
      }
      onPath[cls]++;
      if (depth == path.length) {
        path = Arrays.copyOf(path, depth * 2);
      }
      path[depth++] = object;
    }
    return result;
  }

  /** Retained bytes per class, and which of them are exact rather than lower bounds. */
  record Histogram(long[] bytes, BitSet exact) {}

  /**
   * The class histogram's retained sizes: from {@link #compute}, then made exact by marking (see
   * {@link SetRetention}) for the classes whose instances hold references, largest first, within a
   * budget of one pass over the graph (at least {@link HeapGraph#CLASS_RETENTION_MIN_VISITS}).
   */
  static Histogram withSets(HeapGraph graph) {
    int[] classOf = graph.classOf;
    ReferenceGraph outbound = graph.outbound;
    int classCount = graph.classes().size();
    long[] bytes = compute(graph.dominators, classOf, graph.retained, classCount);
    int[] instances = new int[classCount];
    BitSet holdsReferences = new BitSet(classCount);
    for (int object = 0; object < classOf.length; object++) {
      instances[classOf[object]]++;
      if (outbound.end(object) > outbound.start(object)) {
        holdsReferences.set(classOf[object]);
      }
    }
    BitSet exact = new BitSet(classCount);
    List<Integer> pending = new ArrayList<>();
    for (int cls = 0; cls < classCount; cls++) {
      if (instances[cls] <= 1 || !holdsReferences.get(cls)) {
        exact.set(cls);
      } else {
        pending.add(cls);
      }
    }
    pending.sort((a, b) -> Long.compare(bytes[b], bytes[a]));
    long budget = Math.max(HeapGraph.CLASS_RETENTION_MIN_VISITS, (long) classOf.length + outbound.referenceCount());
    SetRetention marking = graph.setRetention();
    long perClass = Math.max(HeapGraph.CLASS_RETENTION_MIN_VISITS, budget / 2);
    for (int cls : pending) {
      if (marking.visits() >= budget) {
        break;
      }
      long exactBytes = marking.retainedSize(graph.instancesOf(graph.classes().get(cls), false), perClass);
      if (exactBytes >= 0) {
        bytes[cls] = exactBytes;
        exact.set(cls);
      }
    }
    return new Histogram(bytes, exact);
  }
}
