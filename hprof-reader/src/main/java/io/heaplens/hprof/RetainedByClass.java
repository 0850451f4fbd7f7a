package io.heaplens.hprof;

/**
 * Retained size of all instances of each class as one set: the sum of the retained sizes of the
 * instances that no other instance of the same class dominates. One walk of the dominator tree,
 * counting for each class how many of its instances are on the current path.
 */
final class RetainedByClass {
  private RetainedByClass() {}

  static long[] compute(DominatorTree tree, int[] classOf, long[] retained, int classCount) {
    int n = classOf.length;
    int[] preorder = tree.preorder;
    int[] dominator = tree.dominator;
    // Children lists of the dominator tree (compressed sparse rows); the virtual root is n.
    int[] childStart = new int[n + 2];
    for (int object : preorder) {
      childStart[parentOf(dominator[object], n) + 1]++;
    }
    for (int i = 0; i <= n; i++) {
      childStart[i + 1] += childStart[i];
    }
    int[] children = new int[preorder.length];
    int[] cursor = new int[n + 1];
    for (int object : preorder) {
      int parent = parentOf(dominator[object], n);
      children[childStart[parent] + cursor[parent]++] = object;
    }
    cursor = null;

    long[] result = new long[classCount];
    int[] onPath = new int[classCount];
    int[] stack = new int[preorder.length + 1];
    int[] next = new int[preorder.length + 1];
    int top = 0;
    stack[0] = n;
    next[0] = childStart[n];
    while (top >= 0) {
      int node = stack[top];
      if (next[top] < childStart[node + 1]) {
        int child = children[next[top]++];
        int cls = classOf[child];
        if (onPath[cls] == 0) {
          result[cls] += retained[child];
        }
        onPath[cls]++;
        stack[++top] = child;
        next[top] = childStart[child];
      } else {
        if (node != n) {
          onPath[classOf[node]]--;
        }
        top--;
      }
    }
    return result;
  }

  private static int parentOf(int dominator, int virtualRoot) {
    return dominator >= 0 ? dominator : virtualRoot;
  }
}
