package io.heaplens.hprof;

import java.util.Arrays;

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
}
